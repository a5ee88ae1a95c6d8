import type { FanOutDirectory, OutboxEventRow, PlannedDelivery } from '@pdca/persistence/repositories';
import { audienceOf } from './notification-audience';
import { emailModeOf, type NotificationPreferences, personKindOf } from './notification-kinds';
import { BATCHED_EVENT_TYPES } from './notification-templates';

/** How long mails of one occasion are held to be sent as one (see docs/notifications.md). */
export interface BatchWindow {
  /** Sent once this long passes without another mail of the same key for the person. */
  quietMs: number;
  /** …but never later than this after the mail was written. */
  maxMs: number;
}

/**
 * The batch key of an event's mail: its kind and fiscal year (one occasion: HQ starts a year's
 * cycles, a year's tasks open on one date), or null for a kind sent one by one.
 */
export function batchKeyOf(event: Pick<OutboxEventRow, 'type' | 'payload'>): string | null {
  if (!(BATCHED_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  const year = event.payload.fiscalYear;
  return `${event.type}:${typeof year === 'number' ? year : ''}`;
}

/**
 * The deliveries of one outbox event: for every person it is for, an in-app entry (delivered at
 * once) and an email (pending, collected for the digest, or skipped by preference); one delivery
 * per subscribed webhook. Skipped mails are written too, so the log answers "why no mail?".
 */
export async function planDeliveries(
  event: OutboxEventRow,
  directory: FanOutDirectory,
  options: { emailEnabled: boolean; batch?: BatchWindow | null },
): Promise<PlannedDelivery[]> {
  const planned: PlannedDelivery[] = [];
  const key = options.batch && options.batch.quietMs > 0 ? batchKeyOf(event) : null;
  const batch = key && options.batch ? { key, ...options.batch } : null;
  const kind = personKindOf(event.type);
  if (kind) {
    const audience = audienceOf(event.type, event.payload, directory);
    const users =
      audience.userIds.length > 0 || audience.roles.length > 0 ? await directory.users(audience) : [];
    for (const user of users) {
      planned.push({
        channel: 'in_app',
        recipientUserId: user.id,
        webhookId: null,
        address: null,
        status: 'delivered',
      });
      const mode = emailModeOf(user.preferences as NotificationPreferences, kind);
      planned.push({
        channel: 'email',
        recipientUserId: user.id,
        webhookId: null,
        address: user.email,
        status:
          !options.emailEnabled || mode === 'off' ? 'skipped' : mode === 'digest' ? 'digest' : 'pending',
        lastError: !options.emailEnabled
          ? 'SMTP_URL is not set'
          : mode === 'off'
            ? 'email off in the user’s preferences'
            : null,
        batch,
      });
    }
  }
  for (const webhook of await directory.webhooks()) {
    planned.push({
      channel: 'webhook',
      recipientUserId: null,
      webhookId: webhook.id,
      address: webhook.url,
      status: 'pending',
    });
  }
  return planned;
}
