/**
 * The budget chain's fixtures (#26): a cycle of an item whose PLAN asked for an amount and whose
 * approved decision then reflects into the next year, written through the cycle projection exactly
 * as the workflow's activity writes it (no workflow needed).
 */
import { randomUUID } from 'node:crypto';
import type { ProjectionEvent } from '@pdca/contracts';
import { CycleProjectionRepository } from '@pdca/persistence/repositories';
import type { ApiTestApp } from './api-test-app';
import type { FixtureTenant } from './fixtures';

/** One projection event of a cycle of `itemId`, as the workflow's activity would apply it. */
function cycleEvent(
  city: Pick<FixtureTenant, 'id'>,
  itemId: string,
  cycleId: string,
  seq: number,
  extra: Omit<Partial<ProjectionEvent>, 'cycle'> & { cycle?: Partial<ProjectionEvent['cycle']> },
): ProjectionEvent {
  const { cycle, ...rest } = extra;
  return {
    workflowId: `budget-test/${cycleId}`,
    runId: 'run-1',
    seq,
    type: 'cycle.started',
    occurredAt: '2026-02-01T00:00:00.000Z',
    tenantId: city.id,
    itemId,
    cycleId,
    actor: { type: 'system' },
    taskId: null,
    approvalId: null,
    comment: null,
    payload: {},
    cycle: {
      fiscalYear: 2026,
      stage: 'PLAN',
      status: 'awaiting_submission',
      awaitingApproval: false,
      plan: null,
      executionReport: null,
      evaluation: null,
      decision: null,
      hqRating: null,
      carriedOver: null,
      startedAt: '2026-02-01T00:00:00.000Z',
      closedAt: null,
      closeReason: null,
      ...cycle,
    } as ProjectionEvent['cycle'],
    tasks: [],
    approvals: [],
    budgetReflection: null,
    outbox: [],
    ...rest,
  };
}

/** A 2026 cycle whose PLAN asked for `request`, then an approved `decision` proposing `proposed` for 2027. */
export async function cycleWithReflection(
  api: ApiTestApp,
  city: Pick<FixtureTenant, 'id' | 'users'>,
  itemId: string,
  request: number,
  decision: string,
  proposed: number,
) {
  const cycleId = randomUUID();
  const projection = new CycleProjectionRepository(api.dataSource);
  const plan = {
    round: 1,
    submittedBy: city.users.leader.id,
    submittedAt: '2026-02-10T01:00:00.000Z',
    payload: { budgetRequest: request, activities: ['窓口の見直し'], targets: [] },
  } as unknown as NonNullable<ProjectionEvent['cycle']['plan']>;
  await projection.apply(cycleEvent(city, itemId, cycleId, 1, { cycle: { plan } }));
  await projection.apply(
    cycleEvent(city, itemId, cycleId, 2, {
      type: 'budget.reflected',
      occurredAt: '2027-03-01T00:00:00.000Z',
      cycle: { plan, stage: 'ACT', status: 'completed' },
      budgetReflection: {
        id: randomUUID(),
        sourceFiscalYear: 2026,
        fiscalYear: 2027,
        decision,
        currentAmount: request,
        proposedAmount: proposed,
        delta: proposed - request,
        rule: `${decision}.test`,
        ruleDescription: { ja: 'テストの規則', en: 'test rule' },
        approvalId: null as unknown as string,
        reflectedAt: '2027-03-01T00:00:00.000Z',
      },
    }),
  );
}
