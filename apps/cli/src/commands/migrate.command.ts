import type { CliCommand } from './command';

export const migrateCommand: CliCommand = {
  summary: 'apply pending database migrations (DATABASE_URL, or the embedded dev database in .data/)',
  details: `With DATABASE_URL set, migrates that database. Without it, starts the embedded development
PostgreSQL in .data/postgres (the one \`pdca start\` uses), migrates its "pdca" database, and stops it.
\`pdca start\` migrates by itself; this is for deployments (the compose \`migrate\` service) and scripts.`,
  async run(args, { output }) {
    if (args.length > 0) {
      output.err(`pdca migrate: takes no arguments (got ${args.join(' ')})\n`);
      return 2;
    }
    const { runMigrations } = await import('../../../../libs/persistence/src/data-source');
    const { redactUrl } = await import('../dev-stack/progress');
    const report = (applied: string[], where: string) =>
      output.out(
        applied.length === 0
          ? `pdca migrate: ${where} is up to date\n`
          : `pdca migrate: applied ${applied.length} migration(s) to ${where}:\n${applied.map((m) => `  ${m}\n`).join('')}`,
      );
    try {
      const external = process.env.DATABASE_URL?.trim();
      if (external) {
        report(await runMigrations(external), redactUrl(external));
        return 0;
      }
      const path = await import('node:path');
      const { devDataDir, freePort, startEmbeddedPostgres } = await import('../../../../libs/devstack/src');
      const { DEFAULT_POSTGRES_PORT } = await import('../dev-stack/start-options');
      const dataDir = path.join(devDataDir(), 'postgres');
      output.out(`pdca migrate: DATABASE_URL is not set; using the embedded PostgreSQL in ${dataDir}\n`);
      const postgres = await startEmbeddedPostgres({
        dataDir,
        port: await freePort(DEFAULT_POSTGRES_PORT),
        database: 'pdca',
      });
      try {
        report(await runMigrations(postgres.url), 'the embedded database "pdca"');
      } finally {
        await postgres.stop();
      }
      return 0;
    } catch (err) {
      output.err(`pdca migrate: failed: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  },
};
