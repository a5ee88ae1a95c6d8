import type { CliCommand } from './command';

export const migrateCommand: CliCommand = {
  summary: "apply pending database migrations and create the services' login (see docs/operations.md)",
  details: `Migrates as the schema's owner: DATABASE_OWNER_URL, or DATABASE_URL when only that is set.
With both set (and different users), also makes sure DATABASE_URL's user exists and is a member of
pdca_app — the login the API and worker connect as (creating it needs CREATEROLE; an existing one
keeps its password). Without either, starts the embedded development PostgreSQL in .data/postgres
(the one \`pdca start\` uses; the running one when it runs), migrates its "pdca" database, creates its login pdca_service, and stops it.
\`pdca start\` migrates by itself; this is for deployments (the compose \`migrate\` service) and scripts.`,
  async run(args, { output }) {
    if (args.length > 0) {
      output.err(`pdca migrate: takes no arguments (got ${args.join(' ')})\n`);
      return 2;
    }
    const { prepareDatabase } = await import('@pdca/persistence');
    type Prepared = Awaited<ReturnType<typeof prepareDatabase>>;
    const { redactUrl } = await import('../dev-stack/progress');
    const report = ({ applied, appLogin }: Prepared, where: string) => {
      output.out(
        applied.length === 0
          ? `pdca migrate: ${where} is up to date\n`
          : `pdca migrate: applied ${applied.length} migration(s) to ${where}:\n${applied.map((m) => `  ${m}\n`).join('')}`,
      );
      output.out(
        appLogin
          ? `pdca migrate: the services' login ${appLogin.user} is a member of pdca_app (${appLogin.outcome})\n`
          : 'pdca migrate: DATABASE_OWNER_URL is not set: the services would connect as the schema owner (docs/operations.md)\n',
      );
    };
    try {
      const app = process.env.DATABASE_URL?.trim();
      const owner = process.env.DATABASE_OWNER_URL?.trim() || app;
      if (owner) {
        report(await prepareDatabase(owner, app ?? owner), redactUrl(owner));
        return 0;
      }
      const { openDevDatabase } = await import('@pdca/devstack');
      const database = await openDevDatabase({ kind: 'dev' }, (line) =>
        output.out(`pdca migrate: DATABASE_URL is not set; ${line}\n`),
      );
      await database.close();
      report(database.prepared, database.describe);
      return 0;
    } catch (err) {
      output.err(`pdca migrate: failed: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  },
};
