import { HttpException, HttpStatus } from '@nestjs/common';
import {
  CYCLE_COMMAND_ERROR_TYPES,
  type CycleCommandErrorDetails,
  type CycleCommandErrorType,
  PROJECTION_DATA_ERROR,
} from '@pdca/contracts';
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { apiError, errorDetail } from '../common/errors/localized-error';

const STATUS_BY_TYPE: Record<CycleCommandErrorType, HttpStatus> = {
  WRONG_STAGE: HttpStatus.CONFLICT,
  NOT_PENDING: HttpStatus.CONFLICT,
  CLOSED: HttpStatus.CONFLICT,
  NOT_YET_OPEN: HttpStatus.CONFLICT,
  NOT_ALLOWED: HttpStatus.FORBIDDEN,
  OWN_SUBMISSION: HttpStatus.FORBIDDEN,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
};

const GRPC_NOT_FOUND = 5;
const GRPC_UNAVAILABLE = 14;

export function cycleClosedError(): HttpException {
  return apiError(
    HttpStatus.CONFLICT,
    {
      ja: 'このサイクルは終了しているため、操作できません。',
      en: 'The cycle is closed; it no longer accepts commands.',
    },
    { code: 'CLOSED' },
  );
}

export function temporalUnavailableError(): HttpException {
  return apiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    {
      ja: 'ワークフローサービスに接続できません。しばらくしてから再度お試しください。',
      en: 'The workflow service is unavailable; try again in a moment.',
    },
    { code: 'TEMPORAL_UNAVAILABLE' },
  );
}

/**
 * Translates what the Temporal client throws for a cycle command into the HTTP answer, or returns
 * undefined for anything unexpected (the global filter then answers 500 "Failed to …").
 */
export function mapCycleCommandError(err: unknown): HttpException | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && isCommandErrorType(cause.type)) {
      const details = (cause.details?.[0] ?? undefined) as CycleCommandErrorDetails | undefined;
      const en = details?.message?.en ?? cause.message;
      const ja = details?.message?.ja ?? cause.message;
      return apiError(
        STATUS_BY_TYPE[cause.type],
        { ja, en },
        {
          code: details?.code ?? cause.type,
          ...(cause.type === 'NOT_YET_OPEN' && details?.openAt ? { openAt: details.openAt } : {}),
          ...(cause.type === 'INVALID_PAYLOAD'
            ? {
                details: (details?.problems ?? []).map((p) => errorDetail(p.field, p.rule, p.message)),
              }
            : {}),
        },
      );
    }
    if (isProjectionDataFailure(cause)) return projectionFailedError();
    return undefined;
  }
  if (err instanceof WorkflowNotFoundError) return cycleClosedError();
  if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) {
    return mayHaveTakenEffectError();
  }
  const grpc = grpcCode(err);
  if (grpc === GRPC_NOT_FOUND) return cycleClosedError();
  if (grpc === GRPC_UNAVAILABLE) return temporalUnavailableError();
  return undefined;
}

/**
 * The cycle accepted the step but PostgreSQL refused to record it (a data error; the worker keeps it
 * in failed_projections and logs the workflow id). Not a 503: the workflow did change, and
 * retrying the same text cannot help.
 */
export function projectionFailedError(): HttpException {
  return apiError(
    HttpStatus.INTERNAL_SERVER_ERROR,
    {
      ja: 'サイクルは操作を受け付けましたが、記録に失敗しました。管理者に通知されています。',
      en: 'The cycle accepted the step but it could not be recorded; the administrators have been alerted.',
    },
    { code: 'PROJECTION_FAILED' },
  );
}

/** In an ActivityFailure (the projection activity); taken as it is too, should it ever run as a local activity. */
function isProjectionDataFailure(cause: unknown): boolean {
  const failure = cause instanceof ActivityFailure ? cause.cause : cause;
  return failure instanceof ApplicationFailure && failure.type === PROJECTION_DATA_ERROR;
}

/** 504: the command may have taken effect (or still will); commands are idempotent, so a retry is safe. */
export function mayHaveTakenEffectError(): HttpException {
  return apiError(
    HttpStatus.GATEWAY_TIMEOUT,
    {
      ja: 'サイクルからの応答が時間内にありませんでした。処理が反映される場合があるため、再読み込みしてから再度お試しください。',
      en: 'The cycle did not answer in time; the command may still take effect. Reload the cycle before trying again.',
    },
    { code: 'TIMEOUT' },
  );
}

// What gRPC says when no connection to Temporal was ever made: the request never left this process.
const NEVER_CONNECTED =
  /ECONNREFUSED|No connection established|failed to connect|Name resolution failed|ENOTFOUND/i;

function neverConnected(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { message, details, cause } = current as { message?: unknown; details?: unknown; cause?: unknown };
    if (typeof message === 'string' && NEVER_CONNECTED.test(message)) return true;
    if (typeof details === 'string' && NEVER_CONNECTED.test(details)) return true;
    current = cause;
  }
  return false;
}

/**
 * For an Update (a command): 503 only when it surely did not take effect — a typed rejection by
 * the validator, or Temporal never reached by this process at all. Anything else after the request may have reached
 * Temporal (unavailable mid-way: the client's retries resend the same update id; an Update
 * aborted or failed while a worker was stalled or restarting) is a 504 "may have taken effect",
 * never a 500.
 */
export function mapCycleUpdateError(
  err: unknown,
  context: { reachedBefore: boolean } = { reachedBefore: false },
): HttpException | undefined {
  const mapped = surelyNotApplied(mapCycleCommandError(err), err, context.reachedBefore);
  if (mapped) return mapped;
  if (err instanceof WorkflowUpdateFailedError || grpcCode(err) !== undefined)
    return mayHaveTakenEffectError();
  return undefined;
}

/**
 * A 503 stays a 503 only when the command surely did not take effect: no connection was made and
 * this process never reached Temporal before ("never connected" is about the last attempt only;
 * an earlier attempt of the same call may have been taken before the server went away). Else 504.
 */
export function surelyNotApplied(
  mapped: HttpException | undefined,
  err: unknown,
  reachedBefore: boolean,
): HttpException | undefined {
  if (mapped?.getStatus() === HttpStatus.SERVICE_UNAVAILABLE && (reachedBefore || !neverConnected(err))) {
    return mayHaveTakenEffectError();
  }
  return mapped;
}

/** gRPC UNAVAILABLE: the server was not (or no longer) reachable. */
export function isUnavailable(err: unknown): boolean {
  return grpcCode(err) === GRPC_UNAVAILABLE;
}

function isCommandErrorType(type: string | null | undefined): type is CycleCommandErrorType {
  return typeof type === 'string' && (CYCLE_COMMAND_ERROR_TYPES as readonly string[]).includes(type);
}

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError && isGrpcServiceError(err.cause)) return err.cause.code;
  return undefined;
}
