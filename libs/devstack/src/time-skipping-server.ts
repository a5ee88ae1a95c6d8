/**
 * The time-skipping test server (tests and the benchmark only; not exported from the package
 * index, so the product never loads @temporalio/testing).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from './temporal-binaries';

/**
 * Starts the installed time-skipping test server. The SDK waits a fixed 5 s for it to answer and
 * kills it when it does not; on a loaded machine a first start can take longer, so a start that
 * timed out is tried again (a fresh process on a fresh port) before the error is passed on.
 */
export async function startTimeSkippingEnvironment(attempts = 4): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      });
    } catch (err) {
      if (attempt >= attempts || !/did not start within/.test(String(err))) throw err;
      process.stderr.write(
        `time-skipping server: not answering after 5 s (attempt ${attempt}), starting again\n`,
      );
    }
  }
}
