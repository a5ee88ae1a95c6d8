import type {
  ImportedPlan,
  PlanImportFailure,
  PlanImportProblem,
  PlanImportResult,
  PlanImportTooLarge,
} from './plan-import.types';

export type PlanImportHttpStatus = 400 | 413;

/** 413 Payload Too Large when the file was refused for its size, else 400 Bad Request. */
export function httpStatusOf(failure: PlanImportFailure): PlanImportHttpStatus {
  return failure.tooLarge ? 413 : 400;
}

/**
 * A failed import as an exception, for layers that prefer throwing (a Nest exception filter maps
 * it with `httpStatus`; `problems` is the response body). parsePlanFile itself never throws.
 */
export class PlanImportError extends Error {
  readonly httpStatus: PlanImportHttpStatus;
  readonly problems: readonly PlanImportProblem[];
  readonly tooLarge?: PlanImportTooLarge;

  constructor(failure: PlanImportFailure) {
    const first = failure.problems.find((p) => p.severity === 'error') ?? failure.problems[0];
    super(first ? first.message.en : 'The plan file could not be imported.');
    this.name = 'PlanImportError';
    this.httpStatus = httpStatusOf(failure);
    this.problems = failure.problems;
    if (failure.tooLarge) this.tooLarge = failure.tooLarge;
  }

  toJSON(): {
    status: PlanImportHttpStatus;
    problems: readonly PlanImportProblem[];
    tooLarge?: PlanImportTooLarge;
  } {
    return {
      status: this.httpStatus,
      problems: this.problems,
      ...(this.tooLarge ? { tooLarge: this.tooLarge } : {}),
    };
  }
}

/** The plan of a successful result; throws PlanImportError for a failed one. */
export function unwrapPlanImport(result: PlanImportResult): ImportedPlan {
  if (result.ok) return result.plan;
  throw new PlanImportError(result);
}
