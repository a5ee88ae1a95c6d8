import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { LocalizedText } from '@pdca/domain';
import { type ApiRequest, type HttpResponse, preferredLanguage } from '../http/request-context';
import { databaseFault } from './database-unavailable';
import { DEFAULT_ACTION, type ErrorDetail, isLocalizedErrorBody, wireMessage } from './localized-error';

/** The one error shape every endpoint answers with. */
export interface ErrorResponseBody {
  statusCode: number;
  error: string;
  message: string;
  messageEn: string;
  messageJa: string;
  code?: string;
  /** NOT_YET_OPEN: when the task opens. */
  openAt?: string;
  details?: Array<
    { field: string; rule: string; message: string; messageEn: string; messageJa: string } & Pick<
      ErrorDetail,
      'row' | 'column' | 'severity' | 'value'
    >
  >;
  correlationId: string;
}

const STATUS_TEXT: Record<number, LocalizedText> = {
  400: { en: 'The request is not valid.', ja: 'リクエストの内容が正しくありません。' },
  401: { en: 'Sign in to continue.', ja: 'ログインしてください。' },
  403: { en: 'You may not do this.', ja: 'この操作を行う権限がありません。' },
  404: { en: 'The requested resource was not found.', ja: '指定されたものが見つかりません。' },
  405: { en: 'This method is not allowed here.', ja: 'このメソッドは使用できません。' },
  409: { en: 'The request conflicts with the current state.', ja: '現在の状態ではこの操作を行えません。' },
  413: { en: 'The request body is too large.', ja: 'リクエストの内容が大きすぎます。' },
  415: { en: 'Send the request body as JSON.', ja: 'リクエストの内容はJSON形式で送信してください。' },
  429: {
    en: 'Too many requests; try again later.',
    ja: 'リクエストが多すぎます。しばらくしてから再度お試しください。',
  },
  503: {
    en: 'The service is unavailable; try again shortly.',
    ja: 'サービスを利用できません。しばらくしてから再度お試しください。',
  },
};

/**
 * Turns every error into `{ statusCode, error, message, messageEn, messageJa, details?, correlationId }`.
 * `message` follows Accept-Language (Japanese when preferred, English otherwise); both texts are
 * always present. Anything that is not an HttpException is logged with the correlation id and
 * answered with 500 "Failed to <action>." and no internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<ApiRequest>();
    const res = http.getResponse<HttpResponse>();
    const correlationId = req.correlationId ?? 'unknown';
    const language = preferredLanguage(req.header('accept-language'));

    let status: number;
    let text: LocalizedText;
    let code: string | undefined;
    let openAt: string | undefined;
    let details: ErrorDetail[] | undefined;

    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      const fallback = STATUS_TEXT[status] ?? STATUS_TEXT[status >= 500 ? 503 : 400];
      if (isLocalizedErrorBody(body)) {
        text = { ja: body.messageJa, en: body.messageEn };
        code = body.code;
        openAt = body.openAt;
        details = body.details;
        if (body.retryAfterSeconds !== undefined)
          res.setHeader('Retry-After', String(body.retryAfterSeconds));
      } else {
        // Nest's own exceptions (unknown route, body-parser errors, throttler): keep a short sentence.
        const plain = plainMessage(body);
        if (status === 400 && plain && /JSON/.test(plain)) {
          // Express's body parser on malformed JSON (Nest maps its SyntaxError to a 400).
          text = {
            ja: 'リクエストの内容が正しいJSON形式ではありません。',
            en: `The request body is not valid JSON (${plain}).`,
          };
        } else {
          text = { ja: fallback.ja, en: status === 404 || status === 429 || !plain ? fallback.en : plain };
        }
      }
      if (status >= 500) {
        this.logger.error(`[${correlationId}] ${req.method} ${req.originalUrl} → ${status}: ${text.en}`);
      }
    } else if (isClientHttpError(exception)) {
      // body-parser and friends (http-errors): malformed JSON, body too large, bad charset.
      status = exception.status;
      const fallback = STATUS_TEXT[status] ?? STATUS_TEXT[400];
      text =
        status === 400
          ? {
              ja: 'リクエストの内容が正しいJSON形式ではありません。',
              en: 'The request body is not valid JSON.',
            }
          : fallback;
    } else if (isUnavailableDatabase(exception, req.method)) {
      // Reads change nothing, and a write that never got a connection was not applied: both are
      // safe to retry, so 503. A write interrupted mid-way may have committed: that stays a 500.
      status = HttpStatus.SERVICE_UNAVAILABLE;
      text = {
        ja: 'データベースに接続できません。しばらくしてから再度お試しください。',
        en: 'The database is unavailable; try again shortly.',
      };
      code = 'DATABASE_UNAVAILABLE';
      res.setHeader('Retry-After', '5');
      const reason = exception instanceof Error ? exception.message : String(exception);
      this.logger.error(`[${correlationId}] ${req.method} ${req.originalUrl} → 503 (PostgreSQL): ${reason}`);
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      const action = req.action ?? DEFAULT_ACTION;
      text = { ja: `${action.ja}に失敗しました。`, en: `Failed to ${action.en}.` };
      const stack = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`[${correlationId}] ${req.method} ${req.originalUrl} failed: ${stack}`);
    }

    const body: ErrorResponseBody = {
      statusCode: status,
      error: reasonPhrase(status),
      ...wireMessage(text, language),
      ...(code ? { code } : {}),
      ...(openAt ? { openAt } : {}),
      ...(details
        ? {
            details: details.map((d) => ({
              field: d.field,
              rule: d.rule,
              ...wireMessage({ ja: d.messageJa, en: d.messageEn }, language),
              ...(d.row !== undefined ? { row: d.row } : {}),
              ...(d.column !== undefined ? { column: d.column } : {}),
              ...(d.severity !== undefined ? { severity: d.severity } : {}),
              ...(d.value !== undefined ? { value: d.value } : {}),
            })),
          }
        : {}),
      correlationId,
    };
    drainUnreadBody(req as unknown as UnreadBody);
    if (!res.headersSent) res.status(status).json(body);
  }
}

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];

function isUnavailableDatabase(exception: unknown, method: string): boolean {
  const fault = databaseFault(exception);
  return fault === 'unreachable' || (fault === 'interrupted' && READ_METHODS.includes(method));
}

function isClientHttpError(value: unknown): value is { status: number; expose: true } {
  if (typeof value !== 'object' || value === null) return false;
  const { status, expose } = value as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function plainMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null) {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
  }
  return undefined;
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

interface UnreadBody {
  complete?: boolean;
  unpipe?: () => void;
  resume?: () => void;
}

/**
 * A request refused before its body was read (an upload refused by a guard, a multipart parser that
 * gave up half-way) is read to its end and discarded, so the client gets the answer instead of a
 * connection reset while it is still sending. The body-size limits bound what is read.
 */
function drainUnreadBody(req: UnreadBody): void {
  if (req.complete !== false || typeof req.resume !== 'function') return;
  req.unpipe?.();
  req.resume();
}
