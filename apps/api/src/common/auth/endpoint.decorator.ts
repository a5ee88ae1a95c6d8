import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiInternalServerErrorResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type LocalizedText, ROLE_LABELS, type Role } from '../../../../../libs/domain/src';
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
    ApiInternalServerErrorResponse({
      type: ErrorResponseDto,
      description: '"Failed to …" with a correlation id.',
    }),
  ];
  if (!options.public) {
    decorators.push(
      ApiBearerAuth(BEARER_AUTH),
      ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'No valid bearer token.' }),
      ApiForbiddenResponse({
        type: ErrorResponseDto,
        description: 'The caller’s role or tenant may not do this.',
      }),
    );
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
