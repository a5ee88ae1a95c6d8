import { Client } from 'pg';

/**
 * The schema owner's connection (what migrations use), for the few tests that must do what the
 * application cannot: tamper with the ledger behind its trigger, add a failing trigger. Everything
 * else — the API, the worker, the tests' own reads — connects as the application's login
 * (DATABASE_URL, a member of pdca_app).
 */
export function ownerDatabaseUrl(): string {
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set (test/setup/global-setup.ts sets it)');
  return url;
}

/** Runs `fn` on a fresh owner connection, closed afterwards. */
export async function asOwner<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ownerDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
