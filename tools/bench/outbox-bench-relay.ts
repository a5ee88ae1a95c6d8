import type { DataSource } from 'typeorm';
import { EmailSender, OutboxRelay, WebhookSender } from '../../libs/notifications/src';
import { NotificationRepository } from '../../libs/persistence/src/repositories';

/** The relay as the worker builds it (default batch, poll, lease), pointed at the bench's SMTP server. */
export function testRelayFor(
  dataSource: DataSource,
  databaseUrl: string,
  smtpUrl: string,
  onClaimed: (deliveryIds: string[]) => void,
) {
  const email = new EmailSender({ smtpUrl, from: 'bench@pdca.invalid' });
  const relay = new OutboxRelay({
    repository: new NotificationRepository(dataSource),
    databaseUrl,
    email,
    webhooks: new WebhookSender({ allowPrivate: false }),
    publicUrl: 'http://localhost:3000',
    hooks: { afterClaim: async (claimed) => onClaimed(claimed.map((d) => d.id)) },
  });
  return {
    relay,
    async close() {
      await relay.stop();
      email.close();
    },
  };
}
