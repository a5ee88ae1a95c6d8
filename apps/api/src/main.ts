import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, requireDatabaseUrl } from '@pdca/config';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  requireDatabaseUrl(config);
  const app = await createApiApp({ config });
  // SIGTERM/SIGINT run the shutdown hooks: the HTTP server stops, then the PostgreSQL pool and
  // the Temporal connection close.
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('API').log(`listening on port ${config.port} (OpenAPI at /api/docs, health at /health)`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('The API failed to start:', err);
  }
  process.exit(1);
});
