/**
 * One 事業検証 round (#26) as a pure state machine (no Temporal import): each chosen item is the
 * 検証チーム's task (検証結果 + 方向性, any member of the team submits) and then HQ's decision
 * (本部の決定) through the city's approval chain — the chain of 施策評価 and 市の対応方針
 * (policy-approvals.ts), one ItemChain per item. The last approval reflects the decision into the
 * budget under formulation by the budget rules (budget-rules.ts) and the city's calendar; a
 * carriesOver decision (方向性未決定) leaves the item for next year's round. Reminders before the
 * team's and HQ's due dates, escalation to HQ admins. Each accepted step returns one
 * VerificationProjectionEvent; the workflow (business-verification.workflow.ts) only wires it.
 */
import type {
  Actor,
  ApprovalDecision,
  PolicyApprovalState,
  VerificationBudgetReflection,
  VerificationFindingsInput,
  VerificationInput,
  VerificationItemState,
  VerificationProjectionEvent,
  VerificationState,
} from '@pdca/contracts';
import {
  budgetTargetFiscalYear,
  type CommandRejection,
  findDecision,
  nextReminder,
  type ReminderEvent,
  reflectBudget,
} from '@pdca/domain';
import { validateVerificationFindings } from '@pdca/domain/business-verification';
import {
  type ApprovalChainHost,
  assertDecision,
  assertSubmission,
  decide,
  submit,
} from '../policy-evaluation/policy-approvals';
import { type PolicyEnvironment, type PolicyStep, SYSTEM, user } from '../policy-evaluation/policy-machine';
import { namedOutbox, stepEventHead, unremindedTask, unsubmittedTask } from '../task-events';

/** Whose reminder falls due next: the team's findings or HQ's decisions. */
export interface DueVerificationReminder {
  stage: 'findings' | 'decision';
  event: ReminderEvent;
}

const reject = (
  type: CommandRejection['type'],
  code: string,
  ja: string,
  en: string,
): CommandRejection & {
  code: string;
} => ({ type, code, message: { ja, en } });

const NOT_TEAM = reject(
  'NOT_ALLOWED',
  'NOT_TEAM_MEMBER',
  '検証結果を入力できるのは、この事業検証の検証チームだけです。',
  'Only the verification team of this round may submit findings.',
);
const SUBMITTED = reject(
  'WRONG_STAGE',
  'ALREADY_SUBMITTED',
  'この改革項目の検証結果は提出済みです（本部の決定待ちまたは決定済み）。',
  'The findings on this item have been submitted already (awaiting or past HQ’s decision).',
);
const NOT_IN_ROUND: CommandRejection = {
  type: 'INVALID_PAYLOAD',
  message: { ja: '入力内容に誤りがあります。', en: 'The input has problems.' },
  problems: [
    {
      field: 'itemId',
      rule: 'in_round',
      message: {
        ja: 'この事業検証の対象となっている改革項目を指定してください。',
        en: 'Name an item of this verification round.',
      },
    },
  ],
};

/** One item's findings and HQ's chain on them: an ApprovalChainHost recording through the round. */
class ItemChain implements ApprovalChainHost<VerificationProjectionEvent> {
  readonly eventPrefix = 'verification';

  constructor(
    private readonly round: VerificationMachine,
    readonly state: VerificationItemState,
  ) {}

  get env(): PolicyEnvironment {
    return this.round.env;
  }

  get approvalPolicy() {
    return this.round.input.context.approvalPolicy;
  }

  get version(): number {
    return this.round.version;
  }

  set version(value: number) {
    this.round.version = value;
  }

  submissionRejection(_actor: Actor, payload: unknown): CommandRejection | null {
    if (this.state.status !== 'open' && this.state.status !== 'returned') return SUBMITTED;
    const problems = validateVerificationFindings(payload, {
      currentBudget: this.state.currentAmount,
      decisions: this.round.input.context.decisions,
    });
    if (problems.length === 0) return null;
    return {
      type: 'INVALID_PAYLOAD',
      message: { ja: '入力内容に誤りがあります。', en: 'The findings have problems.' },
      problems,
    };
  }

  approvedMessage(): Record<string, unknown> {
    return { decision: this.state.decision, carriesOver: this.state.carriesOver };
  }

  requestMessage(approval: PolicyApprovalState): Record<string, unknown> {
    return { stepRole: this.approvalPolicy.steps[approval.stepIndex]!.role };
  }

  record(type: string, step: PolicyStep): VerificationProjectionEvent {
    // The last step's approval is HQ's decision: it settles the item before the entry is written.
    const reflection =
      this.state.status === 'approved' && this.state.decision === null ? this.settle() : null;
    const payload = reflection === null ? step.payload : { ...step.payload, ...reflection };
    return this.round.record(type, { ...step, payload }, this.state);
  }

  /** 本部の決定: the approved 方向性, its budget effect, the round decided once every item is. */
  private settle(): Record<string, unknown> {
    const s = this.state;
    const { decisions, calendar } = this.round.input.context;
    const submission = s.submission!;
    const setting = findDecision({ decisions }, submission.decision)!;
    const approvedAt = this.env.now();
    s.decision = submission.decision;
    s.carriesOver = setting.carriesOver;
    const budget = reflectBudget({
      decision: submission.decision,
      currentAmount: s.currentAmount,
      proposedAmount: submission.budgetProposal ?? null,
      decisions,
    });
    const fiscalYear = budgetTargetFiscalYear(this.round.input.fiscalYear, approvedAt, calendar);
    const finalApproval = s.approvals.filter((a) => a.status === 'approved').at(-1)!;
    s.budgetReflection = budget.touchesBudget
      ? ({
          ...budget,
          id: this.env.newId(),
          verificationItemId: s.verificationItemId,
          itemId: s.itemId,
          sourceFiscalYear: this.round.input.fiscalYear,
          fiscalYear,
          decision: submission.decision,
          endsItem: setting.endsItem,
          approvalId: finalApproval.id,
          reflectedAt: approvedAt.toISOString(),
        } satisfies VerificationBudgetReflection)
      : null;
    this.round.settled();
    return {
      decision: submission.decision,
      decisionLabel: setting.label,
      carriesOver: setting.carriesOver,
      budget: s.budgetReflection
        ? {
            fiscalYear,
            currentAmount: budget.currentAmount,
            proposedAmount: budget.proposedAmount,
            delta: budget.delta,
            rule: budget.rule,
            ruleDescription: budget.ruleDescription,
          }
        : null,
      roundDecided: this.round.closed,
    };
  }
}

export class VerificationMachine {
  readonly state: VerificationState;
  /** Moves whenever an item changes (submitted, returned, decided): the reminder loop re-plans. */
  version = 0;
  private seq = 0;
  private readonly chains: ItemChain[];

  constructor(
    readonly input: VerificationInput,
    readonly env: PolicyEnvironment,
  ) {
    const now = env.now().toISOString();
    this.state = {
      roundId: input.roundId,
      workflowId: env.workflowId,
      tenantId: input.tenantId,
      fiscalYear: input.fiscalYear,
      title: input.title,
      status: 'open',
      teamUserIds: [...input.teamUserIds],
      findingsDueAt: input.findingsDueAt,
      decisionDueAt: input.decisionDueAt,
      items: input.items.map((item, i) => ({
        verificationItemId: item.verificationItemId,
        itemId: item.itemId,
        position: i + 1,
        carriedFrom: item.carriedFrom,
        currentAmount: item.currentAmount,
        status: 'open',
        ...unsubmittedTask(),
        decision: null,
        carriesOver: false,
        budgetReflection: null,
      })),
      ...unremindedTask(),
      createdBy: input.createdBy.userId,
      startedAt: now,
      decidedAt: null,
      businessNow: now,
    };
    this.chains = this.state.items.map((item) => new ItemChain(this, item));
  }

  get closed(): boolean {
    return this.state.status === 'decided';
  }

  view(): VerificationState {
    return { ...this.state, businessNow: this.env.now().toISOString() };
  }

  /** An item was decided: the round is decided once every item is. */
  settled(): void {
    const s = this.state;
    if (s.items.every((i) => i.status === 'approved')) {
      s.status = 'decided';
      s.decidedAt = this.env.now().toISOString();
    }
  }

  record(
    type: string,
    step: PolicyStep,
    item: VerificationItemState | null = null,
  ): VerificationProjectionEvent {
    this.seq += 1;
    const s = this.state;
    const names = {
      tenantId: s.tenantId,
      roundId: s.roundId,
      fiscalYear: s.fiscalYear,
      ...(item ? { itemId: item.itemId, verificationItemId: item.verificationItemId } : {}),
    };
    return {
      ...stepEventHead(this.env, this.seq, type, s.tenantId, step.actor),
      itemId: item?.itemId ?? null,
      approvalId: step.approvalId ?? null,
      comment: step.comment ?? null,
      payload: { ...names, ...step.payload },
      verification: this.view(),
      item: item ? { ...item } : null,
      approvals: step.approvals ?? [],
      budgetReflection:
        item?.budgetReflection && type === 'verification.approved' ? item.budgetReflection : null,
      // Mails say that something is waiting, with a link: never the findings.
      outbox: namedOutbox(step.outbox, names),
    };
  }

  /** The round is opened: the team is asked for its findings on each item. */
  start(): VerificationProjectionEvent {
    const s = this.state;
    return this.record('verification.created', {
      actor: user(this.input.createdBy, 'hq_admin'),
      payload: {
        title: s.title,
        criteria: this.input.criteria,
        itemIds: s.items.map((i) => i.itemId),
        carriedOverItemIds: s.items.filter((i) => i.carriedFrom).map((i) => i.itemId),
        teamUserIds: s.teamUserIds,
        findingsDueAt: s.findingsDueAt,
        decisionDueAt: s.decisionDueAt,
      },
      outbox: s.teamUserIds.map((recipientUserId) => ({
        type: 'verification.findings_requested',
        payload: { recipientUserId, title: s.title, dueAt: s.findingsDueAt, itemCount: s.items.length },
      })),
    });
  }

  private chainOf(itemId: unknown): ItemChain | undefined {
    return this.chains.find((c) => c.state.itemId === itemId);
  }

  assertFindings(actor: Actor, payload: unknown): ItemChain {
    if (!this.state.teamUserIds.includes(actor.userId)) this.env.reject(NOT_TEAM);
    const itemId =
      typeof payload === 'object' && payload !== null ? (payload as { itemId?: unknown }).itemId : null;
    const chain = this.chainOf(itemId);
    if (!chain) {
      // The field checks first (a missing itemId is named as such), then the round's membership.
      const problems = validateVerificationFindings(payload, {
        currentBudget: 0,
        decisions: this.input.context.decisions,
      });
      if (problems.some((p) => p.field === 'itemId')) {
        this.env.reject({ ...NOT_IN_ROUND, problems: problems.filter((p) => p.field !== 'budgetProposal') });
      }
      return this.env.reject(NOT_IN_ROUND);
    }
    assertSubmission(chain, actor, payload);
    return chain;
  }

  /** The team's 検証結果 and 方向性 on one item: HQ's chain on it opens. */
  submitFindings(actor: Actor, payload: VerificationFindingsInput): VerificationProjectionEvent {
    const chain = this.assertFindings(actor, payload);
    const event = submit(chain, actor, { ...payload });
    // The chain records its submitter as a leader; a team member is whoever HQ seated, in their own role.
    const role = actor.roles[0];
    // The ledger's sentence names the 方向性 by the city's label.
    const label = findDecision({ decisions: this.input.context.decisions }, payload.decision)?.label;
    const labelled = { ...event, payload: { ...event.payload, decisionLabel: label } };
    return role && event.actor.type === 'user' ? { ...labelled, actor: { ...event.actor, role } } : labelled;
  }

  private chainOfApproval(approvalId: string): ItemChain | undefined {
    return this.chains.find((c) => c.state.approvals.some((a) => a.id === approvalId));
  }

  /** Whether this round holds the approval step (the API asks before routing a decision here). */
  holdsApproval(approvalId: string): boolean {
    return this.chainOfApproval(approvalId) !== undefined;
  }

  assertDecision(actor: Actor, decision: ApprovalDecision): void {
    const chain = this.chainOfApproval(decision.approvalId);
    if (!chain) {
      this.env.reject({
        type: 'NOT_FOUND',
        message: { ja: '承認依頼が見つかりません。', en: 'The approval was not found.' },
      });
    }
    assertDecision(chain!, actor, decision);
  }

  /** HQ approves (the next step, or 本部の決定 on the last) or returns the findings to the team. */
  decide(actor: Actor, decision: ApprovalDecision): VerificationProjectionEvent {
    this.assertDecision(actor, decision);
    return decide(this.chainOfApproval(decision.approvalId)!, actor, decision);
  }

  /** The next reminder: the team's while an item waits for findings, HQ's while one waits for a decision. */
  nextReminder(): DueVerificationReminder | null {
    if (this.closed) return null;
    const s = this.state;
    const policy = this.input.context.reminderPolicy;
    const now = this.env.now();
    const sent = (stage: string) =>
      new Set(s.remindersSent.filter((k) => k.startsWith(`${stage}:`)).map((k) => k.slice(stage.length + 1)));
    const candidates: DueVerificationReminder[] = [];
    if (this.waitingForTeam().length > 0) {
      const event = nextReminder(policy, new Date(s.findingsDueAt), sent('findings'), now);
      if (event) candidates.push({ stage: 'findings', event });
    }
    if (this.waitingForHq().length > 0) {
      const event = nextReminder(policy, new Date(s.decisionDueAt), sent('decision'), now);
      if (event) candidates.push({ stage: 'decision', event });
    }
    candidates.sort((a, b) => a.event.at.getTime() - b.event.at.getTime());
    return candidates[0] ?? null;
  }

  private waitingForTeam(): string[] {
    return this.state.items
      .filter((i) => i.status === 'open' || i.status === 'returned')
      .map((i) => i.itemId);
  }

  private waitingForHq(): PolicyApprovalState[] {
    return this.state.items.flatMap((i) => i.approvals.filter((a) => a.status === 'pending'));
  }

  /** Reminds the team of the items missing findings, or HQ of the decisions waiting; the due date's escalates to HQ admins. */
  sendReminder(due: DueVerificationReminder): VerificationProjectionEvent {
    const s = this.state;
    const { stage, event } = due;
    const dueAt = stage === 'findings' ? s.findingsDueAt : s.decisionDueAt;
    s.remindersSent.push(`${stage}:${event.key}`);
    s.lastRemindedAt = this.env.now().toISOString();
    if (event.type !== 'reminder') s.overdue = true;
    const escalated = event.type === 'escalation';
    if (escalated) s.escalatedAt = s.lastRemindedAt;
    const missing = stage === 'findings' ? this.waitingForTeam() : [];
    const pending = stage === 'decision' ? this.waitingForHq() : [];
    const outbox: NonNullable<PolicyStep['outbox']> =
      stage === 'findings'
        ? s.teamUserIds.map((recipientUserId) => ({
            type: 'verification.reminder',
            payload: {
              recipientUserId,
              stage,
              missingItemIds: missing,
              reminderKey: event.key,
              dueAt,
              overdue: s.overdue,
            },
          }))
        : pending.map((a) => ({
            type: 'verification.decision_reminder',
            payload: {
              approvalId: a.id,
              stepRole: this.input.context.approvalPolicy.steps[a.stepIndex]!.role,
              reminderKey: event.key,
              dueAt,
              overdue: s.overdue,
            },
          }));
    if (escalated) {
      outbox.push({
        type: 'verification.escalated',
        payload: {
          stage,
          escalateToRoles: ['hq_admin'],
          reminderKey: event.key,
          dueAt,
          missingItemIds: missing,
          pendingCount: pending.length,
        },
      });
    }
    return this.record(escalated ? 'verification.escalated' : 'verification.reminder', {
      actor: SYSTEM,
      payload: {
        stage,
        reminderKey: event.key,
        dueAt,
        overdue: s.overdue,
        ...(stage === 'findings' ? { missing } : { pending: pending.length }),
      },
      outbox,
    });
  }
}
