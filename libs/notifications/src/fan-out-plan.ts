import type { FanOutDirectory, OutboxEventRow, PlannedDelivery } from '@pdca/persistence/repositories';
import { audienceOf } from './notification-audience';
import { emailModeOf, isPersonEventType, type NotificationPreferences } from './notification-kinds';

/**
 * The deliveries of one outbox event: for every person it is for, an in-app entry (delivered at
 * once) and an email (pending, collected for the digest, or skipped by preference); one delivery
 * per subscribed webhook. Skipped mails are written too, so the log answers "why no mail?".
 */
export async function planDeliveries(
  event: OutboxEventRow,
  directory: FanOutDirectory,
  options: { emailEnabled: boolean },
): Promise<PlannedDelivery[]> {
  const planned: PlannedDelivery[] = [];
  if (isPersonEventType(event.type)) {
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
      const mode = emailModeOf(user.preferences as NotificationPreferences, event.type);
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
