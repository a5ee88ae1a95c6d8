import { EmailSender, OutboxRelay, WebhookSender } from '@pdca/notifications';
import { NotificationRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';

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
