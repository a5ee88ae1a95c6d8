import 'reflect-metadata';
import { ConfigError, loadConfig, requireDatabaseUrl } from '@pdca/config';
import { consoleRelayLogger, createOutboxRelay } from '@pdca/notifications';
import { createDataSource, SERVICE_DATABASE_TIMEOUTS, warnWhenPrivileged } from '@pdca/persistence';
import { CycleOpeningRepository } from '@pdca/persistence/repositories';
import { ensureFiscalYearOpener } from '@pdca/temporal';
import { Client } from '@temporalio/client';
import { DefaultLogger, type LogLevel, NativeConnection, Runtime } from '@temporalio/worker';
import { createPdcaWorker } from './worker-factory';
import { currentBundle, DIST_ROOT, distBundleSources } from './workflow-bundle';

/** The Temporal worker process: `npm run start:worker` (DATABASE_URL, TEMPORAL_ADDRESS, …). */
async function main(): Promise<void> {
  const config = loadConfig();
  // The SDK logs every worker state change at INFO; LOG_LEVEL=warn keeps only what needs a look.
  Runtime.install({ logger: new DefaultLogger(config.logLevel.toUpperCase() as LogLevel) });
  const databaseUrl = requireDatabaseUrl(config);
  const dataSource = createDataSource(databaseUrl, {
    applicationName: 'pdca-worker',
    timeouts: SERVICE_DATABASE_TIMEOUTS,
  });
  await dataSource.initialize();
  await warnWhenPrivileged(
    (sql) => dataSource.query(sql),
    (message) => console.warn(`[worker] ${message}`),
  );
  // The outbox relay runs beside the workflows by default (RELAY_IN_WORKER=false: `npm run start:relay`).
  const relay = config.relayInWorker
    ? createOutboxRelay(config, dataSource, databaseUrl, consoleRelayLogger('[relay]'))
    : null;
  relay?.relay.start();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  try {
    // The bundle `npm run build` made, while it matches the code beside it; else webpack, now.
    const bundle = currentBundle(DIST_ROOT, distBundleSources());
    console.log(
      'codePath' in bundle
        ? `[worker] workflow code: ${bundle.codePath} (made by npm run build)`
        : `[worker] workflow code: bundling workflows/ now, which takes a while — ${bundle.stale}`,
    );
    const worker = await createPdcaWorker({
      connection,
      dataSource,
      taskQueue: config.taskQueue,
      namespace: config.temporalNamespace,
      ...('codePath' in bundle ? { workflowBundle: { codePath: bundle.codePath } } : {}),
    });
    // Every tenant's fiscal-year opener (idempotent: a running one is kept).
    const client = new Client({ connection, namespace: config.temporalNamespace });
    for (const tenant of await new CycleOpeningRepository(dataSource).tenants()) {
      await ensureFiscalYearOpener(client, config.taskQueue, { ...tenant, timeScale: config.timeScale });
    }
    console.log(
      `[worker] polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})`,
    );
    // The SDK's runtime shuts the worker down gracefully on SIGINT/SIGTERM; run() then resolves.
    await worker.run();
  } finally {
    await relay?.close();
    await connection.close();
    await dataSource.destroy();
  }
  console.log('[worker] stopped');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
