import { HttpException, HttpStatus } from '@nestjs/common';

/** One field-level problem in a 400 answer: `field` is a path such as `targets[0].target`. */
export interface ErrorDetail {
  field: string;
  rule: string;
  messageEn: string;
  messageJa: string;
  /** File problems (plan import): the row and column header as the user sees them in the file. */
  row?: number | null;
  column?: string | null;
  severity?: 'error' | 'warning';
  /** The offending cell value, cut short. */
  value?: string;
}

/** The body services put into Nest HTTP exceptions; the global filter turns it into the answer. */
export interface LocalizedErrorBody {
  message: string;
  messageEn: string;
  messageJa: string;
  /** Stable machine-readable reason (e.g. OWN_SUBMISSION), when there is one. */
  code?: string;
  /** NOT_YET_OPEN: when the task opens (ISO instant). */
  openAt?: string;
  details?: ErrorDetail[];
  /** Seconds, for 429 answers: sent as the Retry-After header. */
  retryAfterSeconds?: number;
}

export function localized(
  en: string,
  ja: string,
  extra: Omit<LocalizedErrorBody, 'message' | 'messageEn' | 'messageJa'> = {},
): LocalizedErrorBody {
  return { message: en, messageEn: en, messageJa: ja, ...extra };
}

/** An HTTP error with a sentence in both languages. */
export function apiError(
  status: HttpStatus,
  en: string,
  ja: string,
  extra: Omit<LocalizedErrorBody, 'message' | 'messageEn' | 'messageJa'> = {},
): HttpException {
  return new HttpException(localized(en, ja, extra), status);
}

export function isLocalizedErrorBody(value: unknown): value is LocalizedErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LocalizedErrorBody).messageEn === 'string' &&
    typeof (value as LocalizedErrorBody).messageJa === 'string'
  );
}

/** What a user reads when the server failed at something; the English sentence is "Failed to <action>." */
export interface ActionName {
  en: string;
  ja: string;
}

export const DEFAULT_ACTION: ActionName = { en: 'process the request', ja: 'リクエストの処理' };

export function notFound(what: { en: string; ja: string }): HttpException {
  return apiError(
    HttpStatus.NOT_FOUND,
    `${capitalize(what.en)} was not found.`,
    `${what.ja}が見つかりません。`,
    { code: 'NOT_FOUND' },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
