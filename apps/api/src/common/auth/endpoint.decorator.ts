import {
  applyDecorators,
  type Type as ClassType,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, type ApiResponseNoStatusOptions } from '@nestjs/swagger';
import { type LocalizedText, ROLE_LABELS, type Role } from '@pdca/domain';
import { ErrorResponseDto } from '../http/error-response.dto';
import { type ApiRequest, type AuthUser, preferredLanguage } from '../http/request-context';

export const ENDPOINT_KEY = 'pdca:endpoint';
export const BEARER_AUTH = 'bearer';

export interface EndpointOptions {
  /** OpenAPI summary. */
  summary: string;
  /** What the endpoint does, for "Failed to <action>." answers (a verb phrase: "submit the plan"). */
  action: LocalizedText;
  /**
   * Roles allowed to call; omitted means any signed-in user — except an external reviewer, who
   * passes only where `externalReviewers` says so.
   */
  roles?: readonly Role[];
  /**
   * Whether an external reviewer (外部評価委員, role `external_reviewer`, who holds no other role)
   * may call. Omitted: never (403 NOT_FOR_EXTERNAL_REVIEWER) — default deny, so a new endpoint is
   * closed to the committee until someone decides otherwise. When given, `roles` does not apply
   * to them; instead:
   * - `'own'`: the endpoint concerns only the caller (their account, their notifications, their tasks);
   * - `'scoped'`: the endpoint itself limits them to the review rounds they sit on;
   * - `{ item: '<param>' }` / `{ cycle: '<param>' }`: the route's item (or the cycle's item) must be
   *   under a round they sit on, checked by the guard (403 NOT_UNDER_REVIEW otherwise).
   */
  externalReviewers?: ExternalReviewerAccess;
  /** No token needed (login, health). */
  public?: boolean;
  /** Open to a user who still has to change a one-time password (me, password change, sign-out). */
  allowedWithOneTimePassword?: boolean;
  description?: string;
  /** The 200 answer: its DTO, or the whole response (a description, an array, other content). */
  ok?: SuccessAnswer;
  /** The 201 answer, likewise. */
  created?: SuccessAnswer;
  /**
   * Error answers (an ErrorResponseDto) this endpoint gives besides 500 and, unless public, 401 and
   * 403, which every endpoint has: a status, or a status with what it means here. (401 is for
   * public endpoints that check credentials themselves, like the sign-in.)
   */
  errors?: readonly ErrorAnswer[];
}

export type ExternalReviewerAccess =
  | 'own'
  | 'scoped'
  | { readonly item: string }
  | { readonly cycle: string };

/** The role that is denied every endpoint that does not open itself to it. */
export const EXTERNAL_REVIEWER: Role = 'external_reviewer';

export type SuccessAnswer = ClassType<unknown> | ApiResponseNoStatusOptions;
export type ErrorAnswer = ErrorStatus | readonly [ErrorStatus, string];
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 502 | 503;

function successResponse(status: HttpStatus, answer: SuccessAnswer) {
  return ApiResponse({ status, ...(typeof answer === 'function' ? { type: answer } : answer) });
}

function errorResponse(status: number, description?: string) {
  return ApiResponse({ status, type: ErrorResponseDto, description });
}

/**
 * The one decorator per route: who may call it (checked by the global AuthGuard), what it does
 * (for error messages) and the matching OpenAPI metadata.
 */
export function Endpoint(options: EndpointOptions) {
  const who = options.public
    ? 'Public.'
    : options.roles
      ? `Roles: ${options.roles.map((r) => `\`${r}\` (${ROLE_LABELS[r].ja})`).join(', ')}.`
      : 'Any signed-in user.';
  const reviewers = options.public ? undefined : externalReviewerNote(options.externalReviewers);
  const decorators = [
    SetMetadata(ENDPOINT_KEY, options),
    ApiOperation({
      summary: options.summary,
      description: [options.description, who, reviewers].filter(Boolean).join('\n\n'),
    }),
    errorResponse(HttpStatus.INTERNAL_SERVER_ERROR, '"Failed to …" with a correlation id.'),
  ];
  if (!options.public) {
    decorators.push(
      ApiBearerAuth(BEARER_AUTH),
      errorResponse(HttpStatus.UNAUTHORIZED, 'No valid bearer token.'),
      errorResponse(HttpStatus.FORBIDDEN, 'The caller’s role or tenant may not do this.'),
    );
  }
  if (options.ok) decorators.push(successResponse(HttpStatus.OK, options.ok));
  if (options.created) decorators.push(successResponse(HttpStatus.CREATED, options.created));
  for (const answer of options.errors ?? []) {
    const [status, description] = typeof answer === 'number' ? [answer] : answer;
    decorators.push(errorResponse(status, description));
  }
  return applyDecorators(...decorators);
}

/** Who among external reviewers may call, as the OpenAPI description says it. */
function externalReviewerNote(access: ExternalReviewerAccess | undefined): string {
  if (access === undefined) return 'External reviewers: no.';
  if (access === 'own') return 'External reviewers: their own only.';
  if (access === 'scoped') return 'External reviewers: the review rounds they sit on only.';
  return 'External reviewers: items under their review only.';
}

/** The authenticated caller (set by AuthGuard). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<ApiRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public endpoint');
  return user;
});

/** 'ja' or 'en' from Accept-Language, for messages inside a successful answer (errors get theirs from the filter). */
export const PreferredLanguage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): 'ja' | 'en' =>
    preferredLanguage(context.switchToHttp().getRequest<ApiRequest>().header('accept-language')),
);

/** The client's address for the security log (Express's `req.ip`), or null. */
export const ClientIp = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null =>
    context.switchToHttp().getRequest<ApiRequest>().ip ?? null,
);
