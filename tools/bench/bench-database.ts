import type { BenchOutput } from './bench-output';

/** A database nobody else uses: the ledger is append-only, so bench rows would stay forever. */
export interface BenchDatabase {
  /** As the schema owner, migrated. */
  url: string;
  label: string;
  drop(): Promise<void>;
}

/** A throw-away database (libs/devstack's openDevDatabase), migrated; drop() removes it. */
export async function benchDatabase(output: BenchOutput): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) await dropAbandoned(external, output);
  const { openDevDatabase } = await import('@pdca/devstack');
  const database = await openDevDatabase({ kind: 'throwaway', prefix: 'pdca_bench' }, (line) =>
    output.out(`bench: ${line}\n`),
  );
  return { url: database.ownerUrl, label: database.describe, drop: () => database.close() };
}

/** Databases of bench runs on DATABASE_URL's server that died without cleaning up (the pid in their name is gone). */
async function dropAbandoned(adminUrl: string, output: BenchOutput): Promise<void> {
  const { Client } = await import('pg');
  const { isAlive } = await import('@pdca/devstack');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^pdca_bench_[0-9]+_[0-9]+$'`,
    );
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (pid === process.pid || isAlive(pid)) continue;
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      output.out(`bench: dropped ${datname}, left behind by an interrupted run\n`);
    }
  } finally {
    await admin.end();
  }
}
