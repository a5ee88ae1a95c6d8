import 'reflect-metadata';
import { ConfigError, loadConfig, requireDatabaseUrl } from '@pdca/config';
import { consoleRelayLogger, createOutboxRelay } from '@pdca/notifications';
import { createDataSource } from '@pdca/persistence';

/** The outbox relay alone: `npm run start:relay` (DATABASE_URL, SMTP_URL, MAIL_FROM, PUBLIC_URL, …). */
async function main(): Promise<void> {
  const config = loadConfig();
  const databaseUrl = requireDatabaseUrl(config);
  const dataSource = createDataSource(databaseUrl, { applicationName: 'pdca-relay', poolSize: 4 });
  await dataSource.initialize();
  const { relay, close } = createOutboxRelay(config, dataSource, databaseUrl, consoleRelayLogger('[relay]'));
  relay.start();
  console.log('[relay] delivering the outbox (email, in-app, webhooks)');
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await close();
  await dataSource.destroy();
  console.log('[relay] stopped');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
