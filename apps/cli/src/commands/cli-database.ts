import type { CliOutput } from './command';

export interface CliDatabase {
  url: string;
  describe: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL; else the running dev stack's PostgreSQL; else the embedded one, started and migrated.
 * Which one is said on stderr: stdout is the command's answer (`--json` must parse as it is).
 * On the embedded server the CLI connects as the services' login (pdca_service), like the API.
 */
export async function openDatabase(output: CliOutput, command: string): Promise<CliDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  const { redactUrl } = await import('../dev-stack/progress');
  if (external) return { url: external, describe: redactUrl(external), close: async () => {} };
  const { openDevDatabase } = await import('@pdca/devstack');
  const database = await openDevDatabase({ kind: 'dev' }, (line) =>
    output.err(`${command}: DATABASE_URL is not set; ${line}\n`),
  );
  if (database.running) {
    // The running stack has migrated and created the services' login: the CLI uses it too.
    output.err(`${command}: using the running development PostgreSQL (${redactUrl(database.appUrl)})\n`);
  }
  return { url: database.appUrl, describe: database.describe, close: () => database.close() };
}
