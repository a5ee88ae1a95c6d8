import { HttpException, type Logger } from '@nestjs/common';
import type { LocalizedText } from '@pdca/domain';
import type { RunningCycleRef } from '@pdca/persistence/repositories';
import { isLocalizedErrorBody, wireMessage } from '../common/errors/localized-error';

/** A running cycle that refused an Update sent to many cycles, or could not be reached. */
export interface CycleFailure {
  cycleId: string;
  itemId: string;
  itemCode: string;
  fiscalYear: number;
  /** The code the same command would answer on its own (INTERNAL for an unexpected error). */
  code: string;
  message: string;
  messageEn: string;
  messageJa: string;
}

/** Updates sent to running cycles at once: enough to be quick, few enough not to flood the workflow service. */
const CONCURRENCY = 4;

/**
 * Sends one Update to each of `cycles` (a few at a time) and collects the ones that failed, by
 * item code and year; a failure of one cycle does not stop the others. `what` names the command in
 * the message of an unexpected error (which is logged with its stack).
 */
export async function sendToCycles(
  cycles: readonly RunningCycleRef[],
  send: (cycle: RunningCycleRef) => Promise<unknown>,
  failure: { what: LocalizedText; language: 'ja' | 'en'; logger: Logger },
): Promise<CycleFailure[]> {
  const failures: CycleFailure[] = [];
  const queue = [...cycles];
  const next = async (): Promise<void> => {
    for (let cycle = queue.shift(); cycle; cycle = queue.shift()) {
      try {
        await send(cycle);
      } catch (err) {
        failures.push(cycleFailure(cycle, err, failure));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cycles.length) }, next));
  return failures.sort((a, b) => a.itemCode.localeCompare(b.itemCode) || a.fiscalYear - b.fiscalYear);
}

function cycleFailure(
  cycle: RunningCycleRef,
  err: unknown,
  { what, language, logger }: { what: LocalizedText; language: 'ja' | 'en'; logger: Logger },
): CycleFailure {
  const ref = {
    cycleId: cycle.cycleId,
    itemId: cycle.itemId,
    itemCode: cycle.itemCode,
    fiscalYear: cycle.fiscalYear,
  };
  const body = err instanceof HttpException ? err.getResponse() : undefined;
  if (isLocalizedErrorBody(body)) {
    return {
      ...ref,
      code: body.code ?? 'ERROR',
      ...wireMessage({ ja: body.messageJa, en: body.messageEn }, language),
    };
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  logger.error(`${what.en} on ${cycle.workflowId} failed: ${stack}`);
  return {
    ...ref,
    code: 'INTERNAL',
    ...wireMessage({ ja: `${what.ja}に失敗しました。`, en: `Failed to ${what.en}.` }, language),
  };
}
