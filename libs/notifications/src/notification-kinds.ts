import { EXTERNAL_EVENT_KINDS } from './external-review-notifications';
import { POLICY_EVENT_KINDS } from './policy-notifications';
import { VERIFICATION_EVENT_KINDS } from './verification-notifications';

/** Outbox events that reach people (email and in-app). The keys of a user's email preferences. */
export const PERSON_EVENT_TYPES = [
  'task.assigned',
  'task.opened',
  'task.reminder',
  'task.escalated',
  'task.deadline_moved',
  'approval.requested',
  'submission.returned',
  'submission.approved',
  'cycle.closed',
  'budget.reflected',
] as const;
export type PersonEventType = (typeof PERSON_EVENT_TYPES)[number];

/**
 * Outbox events a webhook may subscribe to: everything people hear of, the stage facts, and the
 * budget chain's facts for the city's budget system (財政課's 査定額 / 当初予算額 set by hand or by
 * its file: `item_budget.amounts_set`, one per item and change; `item_budget.imported`, one per file).
 */
export const WEBHOOK_EVENT_TYPES = [
  ...PERSON_EVENT_TYPES,
  'cycle.started',
  'cycle.stage_changed',
  'item_budget.amounts_set',
  'item_budget.imported',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const CHANNELS = ['email', 'in_app', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `immediate`: one mail per event; `digest`: one mail a day at 08:30 JST; `off`: in-app only. */
export const EMAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'digest', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface NotificationPreferences {
  email?: Partial<Record<PersonEventType, EmailMode>>;
}

export const isPersonEventType = (type: string): type is PersonEventType =>
  (PERSON_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The preference kind an outbox event is mailed as: a person event's own type, a 施策評価 or 外部評価
 * message's item kind (policy-notifications.ts, external-review-notifications.ts); null for events
 * no person hears of.
 */
export function personKindOf(type: string): PersonEventType | null {
  return isPersonEventType(type)
    ? type
    : (POLICY_EVENT_KINDS[type] ?? EXTERNAL_EVENT_KINDS[type] ?? VERIFICATION_EVENT_KINDS[type] ?? null);
}

export function emailModeOf(preferences: NotificationPreferences | null, type: PersonEventType): EmailMode {
  return preferences?.email?.[type] ?? 'immediate';
}
