import { type AppLoginOutcome, ensureAppLogin, loginOf } from './app-login';
import { runMigrations } from './data-source';

export interface PreparedDatabase {
  /** Migrations applied now (empty: the schema was up to date). */
  applied: string[];
  /** What happened to the application's login; null when the services connect as the owner. */
  appLogin: { user: string; outcome: AppLoginOutcome } | null;
}

/**
 * Migrates as the schema's owner, then makes sure the services' login (the user of `appUrl`) exists
 * and is a member of pdca_app. The same user in both URLs is the legacy single-user set-up: it is
 * migrated and left as it is (the services warn that they run as the ledger's owner).
 */
export async function prepareDatabase(ownerUrl: string, appUrl: string): Promise<PreparedDatabase> {
  const applied = await runMigrations(ownerUrl);
  const app = loginOf(appUrl);
  if (app.user === loginOf(ownerUrl).user) return { applied, appLogin: null };
  return { applied, appLogin: { user: app.user, outcome: await ensureAppLogin(ownerUrl, app) } };
}

/** One line for the console, e.g. "migrations (schema up to date), login pdca_service (exists)". */
export function describePreparedDatabase(p: PreparedDatabase): string {
  const migrations = p.applied.length === 0 ? 'schema up to date' : `applied ${p.applied.join(', ')}`;
  const login = p.appLogin
    ? `; services connect as ${p.appLogin.user} (member of pdca_app, ${p.appLogin.outcome})`
    : '; services connect as the schema owner (set DATABASE_OWNER_URL for least privilege)';
  return `migrations (${migrations})${login}`;
}
