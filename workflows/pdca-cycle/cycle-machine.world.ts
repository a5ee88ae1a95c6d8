/**
 * The item, its people and its tenant's policies that the CycleMachine's unit tests run on
 * (cycle-machine.fixture.ts re-exports them): one item with two indicators, FY2026–2028.
 */
import type { Actor, CycleContext, CycleWorkflowInput } from '@pdca/contracts';
import { DEFAULT_APPROVAL_POLICY, resolveFiscalCalendarPolicy, resolveReminderPolicies } from '@pdca/domain';

const actor = (userId: string, displayName: string, roles: Actor['roles']): Actor => ({
  userId,
  displayName,
  roles,
});

export const leader = actor('u-leader', '改革 リーダー', ['wg_leader']);
export const member = actor('u-member', '改革 メンバー', ['wg_leader']);
export const newLeader = actor('u-leader-2', '後任 リーダー', ['wg_leader']);
export const hq = actor('u-hq', '本部 承認者', ['hq_approver']);
export const hq2 = actor('u-hq2', '本部 承認者2', ['hq_approver']);
export const hqAdmin = actor('u-admin', '本部 管理者', ['hq_admin', 'admin']);
/** A leader who is also an HQ approver (separation of duties: never of their own submission). */
export const leaderApprover = actor('u-leader-hq', '兼務 リーダー', ['wg_leader', 'hq_approver']);

export const IND_RATE = 'ind-online-rate';
export const IND_WAIT = 'ind-wait-minutes';

export function cycleContext(overrides: Partial<CycleContext> = {}): CycleContext {
  return {
    tenantId: 'tenant-1',
    tenantCode: 'test-city',
    itemId: 'item-1',
    itemCode: '1-1',
    itemTitle: '行政手続のオンライン化',
    leaderUserId: leader.userId,
    memberUserIds: [member.userId],
    allowMembersToSubmit: false,
    approvalPolicy: DEFAULT_APPROVAL_POLICY,
    reminderPolicies: resolveReminderPolicies(),
    calendar: resolveFiscalCalendarPolicy(),
    indicators: [
      {
        id: IND_RATE,
        name: 'オンライン申請率',
        unit: '%',
        direction: 'higher_is_better',
        baseline: 20,
        targets: { '2026': 50, '2027': 60 },
      },
      {
        id: IND_WAIT,
        name: '窓口平均待ち時間',
        unit: '分',
        direction: 'lower_is_better',
        baseline: 30,
        targets: { '2026': 20, '2027': 15 },
      },
    ],
    budgetCurrentAmount: 10_000_000,
    planPeriodEndFy: 2028,
    ...overrides,
  };
}

export function cycleInput(
  fiscalYear: number,
  overrides: Partial<CycleWorkflowInput> = {},
): CycleWorkflowInput {
  return {
    cycleId: `cycle-${fiscalYear}`,
    tenantId: 'tenant-1',
    tenantCode: 'test-city',
    itemId: 'item-1',
    fiscalYear,
    timeScale: 1,
    ...overrides,
  };
}
