import type { CommandRejection } from '@pdca/domain';
import { ApplicationFailure } from '@temporalio/workflow';

/**
 * A rejected command: a typed, non-retryable failure the API maps to a 4xx (the cycle's and the
 * 施策評価's Updates alike).
 */
export function reject(rejection: CommandRejection & { code?: string }): never {
  const { openAt, code } = rejection;
  throw ApplicationFailure.create({
    type: rejection.type,
    message: rejection.message.en,
    nonRetryable: true,
    details: [
      {
        message: rejection.message,
        problems: rejection.problems,
        ...(openAt ? { openAt } : {}),
        // A finer reason than the type (NOT_TEAM_MEMBER), when the machine names one.
        ...(code ? { code } : {}),
      },
    ],
  });
}
