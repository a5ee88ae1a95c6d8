import { resolveLibNames } from '@pdca/temporal/workflow-bundler';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createVerificationActivities } from './business-verification.activities';
import { createCycleActivities } from './cycle.activities';
import { createExternalResponseActivities } from './external-response.activities';
import { createExternalReviewActivities } from './external-review.activities';
import { createFiscalYearOpenerActivities } from './fiscal-year-opener.activities';
import { createPolicyEvaluationActivities } from './policy-evaluation.activities';

export interface PdcaWorkerOptions {
  connection: NativeConnection;
  dataSource: DataSource;
  taskQueue: string;
  namespace?: string;
  /** A pre-built workflow bundle (tests build it once); otherwise workflows/ is bundled on start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra worker options (tests tune concurrency, identity). */
  overrides?: Partial<WorkerOptions>;
}

export const WORKFLOWS_PATH = require.resolve('../../../workflows');

export function createPdcaWorker(options: PdcaWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { webpackConfigHook: resolveLibNames } }),
    activities: {
      ...createCycleActivities(options.dataSource),
      ...createFiscalYearOpenerActivities(options.dataSource),
      ...createPolicyEvaluationActivities(options.dataSource),
      ...createExternalResponseActivities(options.dataSource),
      ...createVerificationActivities(options.dataSource),
      ...createExternalReviewActivities(options.dataSource),
    },
    ...options.overrides,
  });
}
