import { openDevDatabase } from '@pdca/devstack';
import { ownerDatabaseUrl } from '../support/owner-database';

export interface CityDatabase {
  /** The services' login on the new database: give it to the API and the worker as DATABASE_URL. */
  appUrl: string;
  /** Drops the database. */
  close(): Promise<void>;
}

/**
 * A database of the fault test's own, migrated, on the integration server: one city, as production
 * runs. A worker process starts every tenant's fiscal-year opener when it starts (apps/worker's
 * main), and the shared test database holds the tenants of every test file run before: on a Temporal
 * server that has never seen them, each opener opens its tenant's fiscal year — hundreds of cycles
 * that kept the freshly started worker too busy to answer the test's first command in time.
 */
export async function openCityDatabase(prefix: string): Promise<CityDatabase> {
  const database = await openDevDatabase({ kind: 'throwaway', prefix, server: ownerDatabaseUrl() });
  return { appUrl: database.appUrl, close: () => database.close() };
}
