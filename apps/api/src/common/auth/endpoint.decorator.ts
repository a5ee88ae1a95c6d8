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
  /** Roles allowed to call; omitted means any signed-in user. */
  roles?: readonly Role[];
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
  const decorators = [
    SetMetadata(ENDPOINT_KEY, options),
    ApiOperation({
      summary: options.summary,
      description: [options.description, who].filter(Boolean).join('\n\n'),
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
