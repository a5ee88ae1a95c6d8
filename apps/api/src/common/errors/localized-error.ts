import { HttpException, HttpStatus } from '@nestjs/common';
import type { LocalizedText } from '@pdca/domain/localized-text';

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

/** A text's wire form in an answer: `message` in the caller's language, and both languages. */
export function wireMessage(
  text: LocalizedText,
  language: 'ja' | 'en',
): { message: string; messageEn: string; messageJa: string } {
  return { message: language === 'ja' ? text.ja : text.en, messageEn: text.en, messageJa: text.ja };
}

/** One detail's wire form, built from the one bilingual shape. */
export function errorDetail(
  field: string,
  rule: string,
  text: LocalizedText,
  extra: Omit<ErrorDetail, 'field' | 'rule' | 'messageEn' | 'messageJa'> = {},
): ErrorDetail {
  return { field, rule, messageEn: text.en, messageJa: text.ja, ...extra };
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

/** The error body's wire form of one sentence: `message` (English until the filter picks), `messageEn`, `messageJa`. */
export function localized(
  text: LocalizedText,
  extra: Omit<LocalizedErrorBody, 'message' | 'messageEn' | 'messageJa'> = {},
): LocalizedErrorBody {
  return { message: text.en, messageEn: text.en, messageJa: text.ja, ...extra };
}

/** An HTTP error with a sentence in both languages. */
export function apiError(
  status: HttpStatus,
  text: LocalizedText,
  extra: Omit<LocalizedErrorBody, 'message' | 'messageEn' | 'messageJa'> = {},
): HttpException {
  return new HttpException(localized(text, extra), status);
}

export function isLocalizedErrorBody(value: unknown): value is LocalizedErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LocalizedErrorBody).messageEn === 'string' &&
    typeof (value as LocalizedErrorBody).messageJa === 'string'
  );
}

/** What a user reads when the server failed at an action it does not name: "Failed to <action>." */
export const DEFAULT_ACTION: LocalizedText = { en: 'process the request', ja: 'リクエストの処理' };

export function notFound(what: LocalizedText): HttpException {
  return apiError(
    HttpStatus.NOT_FOUND,
    { ja: `${what.ja}が見つかりません。`, en: `${capitalize(what.en)} was not found.` },
    { code: 'NOT_FOUND' },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
