/**
 * One review round of the external review committee (外部評価, #25) as a pure state machine (no
 * Temporal import): the members' opinions per item (a second one replaces the first until the item
 * is ruled), the chair's ruling per item, reminders to the members still missing an opinion and the
 * escalation to the chair and HQ when they are overdue. Each accepted step returns one
 * ExternalReviewProjectionEvent; the workflow (external-review.workflow.ts) only wires it and starts
 * the city's response for each ruling.
 */
import type {
  Actor,
  ExternalOpinionInput,
  ExternalResponseContext,
  ExternalResponseInput,
  ExternalReviewInput,
  ExternalReviewItemState,
  ExternalReviewProjectionEvent,
  ExternalReviewState,
  ExternalRulingInput,
  ProjectionActor,
} from '@pdca/contracts';
import type { CommandRejection, ReminderEvent } from '@pdca/domain';
import { validateExternalOpinion, validateExternalRuling } from '@pdca/domain/external-review';
import { externalReviewResultLabel } from '@pdca/domain/external-review-settings';
import { nextReminder } from '@pdca/domain/reminder-policy';
import { namedOutbox, stepEventHead, unremindedTask } from '../task-events';

/** A refused command; `code` names the reason more finely than the type (NOT_CHAIR, ALREADY_RULED). */
export type ReviewRejection = CommandRejection & { code?: string };

export interface ReviewEnvironment {
  workflowId: string;
  runId: string;
  now: () => Date;
  newId: () => string;
  reject: (rejection: ReviewRejection) => never;
}

const SYSTEM: ProjectionActor = { type: 'system' };
const asUser = (actor: Actor): ProjectionActor => ({
  type: 'user',
  userId: actor.userId,
  displayName: actor.displayName,
  role: 'external_reviewer',
});

interface ReviewStep {
  actor: ProjectionActor;
  itemId?: string | null;
  comment?: string | null;
  payload?: Record<string, unknown>;
  opinion?: ExternalReviewProjectionEvent['opinion'];
  outbox?: Array<{ type: string; payload: Record<string, unknown> }>;
}

export class ReviewMachine {
  readonly state: ExternalReviewState;
  /** Moves whenever an opinion or a ruling changes who is missing what: the reminder loop re-plans. */
  version = 0;
  private seq = 0;

  constructor(
    readonly input: ExternalReviewInput,
    readonly env: ReviewEnvironment,
  ) {
    const now = env.now().toISOString();
    this.state = {
      reviewId: input.reviewId,
      workflowId: env.workflowId,
      tenantId: input.tenantId,
      fiscalYear: input.fiscalYear,
      title: input.title,
      status: 'open',
      chairUserId: input.chairUserId,
      memberUserIds: [...input.memberUserIds],
      items: input.itemIds.map((itemId, i) => ({ itemId, position: i + 1, ruling: null, responseId: null })),
      opinions: [],
      dueAt: input.dueAt,
      ...unremindedTask(),
      publishMemberNames: input.context.publishMemberNames,
      createdBy: input.createdBy.userId,
      startedAt: now,
      ruledAt: null,
      businessNow: now,
    };
  }

  get closed(): boolean {
    return this.state.status === 'ruled';
  }

  view(): ExternalReviewState {
    return { ...this.state, businessNow: this.env.now().toISOString() };
  }

  private record(type: string, step: ReviewStep): ExternalReviewProjectionEvent {
    this.seq += 1;
    const s = this.state;
    const common = { tenantId: s.tenantId, reviewId: s.reviewId, fiscalYear: s.fiscalYear };
    return {
      ...stepEventHead(this.env, this.seq, type, s.tenantId, step.actor),
      itemId: step.itemId ?? null,
      comment: step.comment ?? null,
      payload: {
        reviewId: s.reviewId,
        fiscalYear: s.fiscalYear,
        ...(step.itemId ? { itemId: step.itemId } : {}),
        ...step.payload,
      },
      review: this.view(),
      opinion: step.opinion ?? null,
      // Mails say that something is waiting, with a link: never an opinion's text.
      outbox: namedOutbox(step.outbox, { ...common, ...(step.itemId ? { itemId: step.itemId } : {}) }),
    };
  }

  /** The round is created: each member is asked for their opinions. */
  start(): ExternalReviewProjectionEvent {
    const s = this.state;
    const creator = this.input.createdBy;
    return this.record('external_review.created', {
      actor: { type: 'user', userId: creator.userId, displayName: creator.displayName, role: 'hq_admin' },
      payload: {
        title: s.title,
        itemIds: s.items.map((i) => i.itemId),
        memberUserIds: s.memberUserIds,
        chairUserId: s.chairUserId,
        dueAt: s.dueAt,
      },
      outbox: s.memberUserIds.map((memberUserId) => ({
        type: 'external_review.opinion_requested',
        payload: {
          memberUserId,
          title: s.title,
          dueAt: s.dueAt,
          itemCount: s.items.length,
          chair: memberUserId === s.chairUserId,
        },
      })),
    });
  }

  private item(itemId: unknown): ExternalReviewItemState | undefined {
    return this.state.items.find((i) => i.itemId === itemId);
  }

  private invalid(problems: ReturnType<typeof validateExternalOpinion>): never {
    return this.env.reject({
      type: 'INVALID_PAYLOAD',
      message: { ja: '入力内容に誤りがあります。', en: 'The input has problems.' },
      problems,
    });
  }

  /** The common checks of an opinion and a ruling: the item is in the round and not ruled yet. */
  private assertItemOpen(itemId: unknown): ExternalReviewItemState {
    const item = this.item(itemId);
    if (!item) {
      this.invalid([
        {
          field: 'itemId',
          rule: 'in_review',
          message: {
            ja: 'この外部評価の対象となっている改革項目を指定してください。',
            en: 'Name an item of this review round.',
          },
        },
      ]);
    }
    if (item.ruling) {
      this.env.reject({
        type: 'WRONG_STAGE',
        code: 'ALREADY_RULED',
        message: {
          ja: 'この改革項目には委員会の評価が記録済みです。',
          en: 'The committee has ruled on this item already.',
        },
      });
    }
    return item;
  }

  assertOpinion(actor: Actor, payload: unknown): void {
    if (!this.state.memberUserIds.includes(actor.userId)) {
      this.env.reject({
        type: 'NOT_ALLOWED',
        code: 'NOT_MEMBER',
        message: {
          ja: 'この外部評価の委員だけが意見を提出できます。',
          en: 'Only the members of this review round may give an opinion.',
        },
      });
    }
    const problems = validateExternalOpinion(payload, this.input.context.results);
    if (problems.length > 0) this.invalid(problems);
    this.assertItemOpen((payload as ExternalOpinionInput).itemId);
  }

  /** A member's opinion; a second one on the same item replaces the first (revision + 1). */
  submitOpinion(actor: Actor, payload: ExternalOpinionInput): ExternalReviewProjectionEvent {
    this.assertOpinion(actor, payload);
    const s = this.state;
    const at = this.env.now().toISOString();
    const previous = s.opinions.find((o) => o.itemId === payload.itemId && o.memberUserId === actor.userId);
    const revision = (previous?.revision ?? 0) + 1;
    const opinion = {
      itemId: payload.itemId,
      memberUserId: actor.userId,
      result: payload.result,
      revision,
      submittedAt: at,
    };
    if (previous) Object.assign(previous, opinion);
    else s.opinions.push(opinion);
    this.version++;
    return this.record('external_review.opinion_submitted', {
      actor: asUser(actor),
      itemId: payload.itemId,
      payload: {
        memberUserId: actor.userId,
        result: payload.result,
        revision,
        replaced: previous !== undefined,
      },
      opinion: { ...opinion, opinion: payload.opinion },
    });
  }

  assertRuling(actor: Actor, payload: unknown): void {
    if (actor.userId !== this.state.chairUserId) {
      this.env.reject({
        type: 'NOT_ALLOWED',
        code: 'NOT_CHAIR',
        message: {
          ja: '委員会の評価を記録できるのは委員長だけです。',
          en: 'Only the chair records the committee’s ruling.',
        },
      });
    }
    const problems = validateExternalRuling(payload, this.input.context.results);
    if (problems.length > 0) this.invalid(problems);
    this.assertItemOpen((payload as ExternalRulingInput).itemId);
  }

  /** The chair's ruling on one item; the round is ruled once every item is. */
  recordRuling(actor: Actor, payload: ExternalRulingInput): ExternalReviewProjectionEvent {
    this.assertRuling(actor, payload);
    const s = this.state;
    const at = this.env.now().toISOString();
    const item = this.item(payload.itemId)!;
    item.ruling = {
      result: payload.result,
      resultLabel: externalReviewResultLabel(this.input.context.results, payload.result),
      reason: payload.reason,
      ruledBy: actor.userId,
      ruledAt: at,
    };
    item.responseId = this.env.newId();
    if (s.items.every((i) => i.ruling)) {
      s.status = 'ruled';
      s.ruledAt = at;
    }
    this.version++;
    return this.record('external_review.ruled', {
      actor: asUser(actor),
      itemId: item.itemId,
      comment: payload.reason,
      payload: {
        result: payload.result,
        resultLabel: item.ruling.resultLabel,
        responseId: item.responseId,
        roundRuled: s.status === 'ruled',
      },
      outbox: [
        {
          type: 'external_review.ruled',
          payload: { result: payload.result, responseId: item.responseId, chairUserId: actor.userId },
        },
      ],
    });
  }

  /** The city's response to a ruled item, as the child workflow's input. */
  responseInput(itemId: string, context: ExternalResponseContext): ExternalResponseInput {
    const item = this.item(itemId)!;
    return {
      responseId: item.responseId!,
      tenantId: this.input.tenantId,
      tenantCode: this.input.tenantCode,
      reviewId: this.input.reviewId,
      reviewTitle: this.input.title,
      itemId,
      fiscalYear: this.input.fiscalYear,
      timeScale: this.input.timeScale,
      // The response's business clock carries on from the round's.
      businessStartMs: this.env.now().getTime(),
      ruling: item.ruling!,
      context,
    };
  }

  /** For each member, the items not ruled yet on which they have given no opinion (members with none left out). */
  missingOpinions(): Array<{ memberUserId: string; itemIds: string[] }> {
    const s = this.state;
    const open = s.items.filter((i) => !i.ruling).map((i) => i.itemId);
    return s.memberUserIds
      .map((memberUserId) => ({
        memberUserId,
        itemIds: open.filter(
          (itemId) => !s.opinions.some((o) => o.itemId === itemId && o.memberUserId === memberUserId),
        ),
      }))
      .filter((m) => m.itemIds.length > 0);
  }

  /** The next reminder while some member is missing an opinion on an item not ruled yet. */
  nextReminder(): ReminderEvent | null {
    if (this.closed || this.missingOpinions().length === 0) return null;
    const s = this.state;
    return nextReminder(
      this.input.context.reminderPolicy,
      new Date(s.dueAt),
      new Set(s.remindersSent),
      this.env.now(),
    );
  }

  /** Reminds each member missing an opinion; at the due date the chair and HQ hear who is late. */
  sendReminder(event: ReminderEvent): ExternalReviewProjectionEvent {
    const s = this.state;
    const missing = this.missingOpinions();
    s.remindersSent.push(event.key);
    s.lastRemindedAt = this.env.now().toISOString();
    if (event.type !== 'reminder') s.overdue = true;
    const escalated = event.type === 'escalation';
    if (escalated) s.escalatedAt = s.lastRemindedAt;
    const outbox: NonNullable<ReviewStep['outbox']> = missing.map((m) => ({
      type: 'external_review.reminder',
      payload: {
        memberUserId: m.memberUserId,
        missingItemIds: m.itemIds,
        reminderKey: event.key,
        dueAt: s.dueAt,
        overdue: s.overdue,
      },
    }));
    if (escalated) {
      outbox.push({
        type: 'external_review.escalated',
        payload: {
          chairUserId: s.chairUserId,
          missingMemberUserIds: missing.map((m) => m.memberUserId),
          escalateToRoles: ['hq_admin'],
          reminderKey: event.key,
          dueAt: s.dueAt,
        },
      });
    }
    return this.record(escalated ? 'external_review.escalated' : 'external_review.reminder_sent', {
      actor: SYSTEM,
      payload: { reminderKey: event.key, dueAt: s.dueAt, overdue: s.overdue, missing },
      outbox,
    });
  }
}
