import { type AppConfig, publicLinkBase } from '@pdca/config';
import { NotificationRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import { EmailSender } from './email-sender';
import { OutboxRelay, type RelayLogger } from './outbox-relay';
import { WebhookSender } from './webhook-sender';

/** The relay as configured by the environment (worker and `start:relay` build it the same way). */
export function createOutboxRelay(
  config: AppConfig,
  dataSource: DataSource,
  databaseUrl: string,
  logger: RelayLogger,
): { relay: OutboxRelay; close(): Promise<void> } {
  const email = config.smtpUrl ? new EmailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : null;
  if (!email) logger.warn('SMTP_URL is not set: notifications go to the in-app list and webhooks only');
  const relay = new OutboxRelay({
    repository: new NotificationRepository(dataSource),
    databaseUrl,
    email,
    webhooks: new WebhookSender({ allowPrivate: config.webhookAllowPrivate }),
    publicUrl: publicLinkBase(config),
    logger,
  });
  return {
    relay,
    async close() {
      await relay.stop();
      email?.close();
    },
  };
}

export const consoleRelayLogger = (prefix: string): RelayLogger => ({
  info: (m) => console.log(`${prefix} ${m}`),
  warn: (m) => console.warn(`${prefix} ${m}`),
  error: (m) => console.error(`${prefix} ${m}`),
});
