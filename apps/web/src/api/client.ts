import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ErrorResponse = Schemas['ErrorResponseDto'];
export type ErrorDetail = Schemas['ErrorDetailDto'];
export type User = Schemas['UserDto'];

/**
 * A request body as a form sends it: the schema's own fields (a renamed or unknown field fails to
 * compile), except that a number may still be the text the user typed, or null for an empty field,
 * and a choice may still be unmade. The server's validation, not a copy of it here, then names the
 * field and the rule (see numberInput in forms/field-errors.ts).
 */
export type Entered<T> = T extends number
  ? number | string | null
  : T extends readonly (infer U)[]
    ? Entered<U>[]
    : T extends object
      ? { [K in keyof T]: Entered<T[K]> }
      : T | undefined;

/**
 * The body handed to the typed client, whose request type it takes from where it is used (so the
 * form's body is checked against that endpoint's schema). Only the leaf values of `Entered` differ
 * from the schema's, and on purpose: a 400 answers them field by field.
 */
export function asEntered<T>(body: NoInfer<Entered<NonNullable<T>>>): NonNullable<T> {
  return body as NonNullable<T>;
}

/** A non-2xx answer, with the server's bilingual body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse | null,
  ) {
    super(body?.messageEn ?? `HTTP ${status}`);
  }
}

let accessToken: string | null = null;
let language: 'ja' | 'en' = 'ja';
let onUnauthorized: () => void = () => {};

export function setAccessToken(token: string | null): void {
  accessToken = token;
}
export function setApiLanguage(lang: 'ja' | 'en'): void {
  language = lang;
}
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The typed client: paths and bodies come from the API's own OpenAPI document (schema.d.ts). */
export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    request.headers.set('Accept-Language', language);
    return request;
  },
});

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the server's explanation. */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    if (response.status === 401 && accessToken) onUnauthorized();
    const body =
      error && typeof error === 'object' && 'statusCode' in error ? (error as ErrorResponse) : null;
    throw new ApiError(response.status, body);
  }
  return data as T;
}

/**
 * The file name a Content-Disposition header gives: `filename*` (RFC 6266/5987, UTF-8 — the API's
 * Japanese name such as 「…_第1版_進捗管理表（公表用）.xlsx」) first, else the plain `filename`.
 */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)'[^']*'([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || null;
}

/**
 * A file the API sends (exports, sheets, editions), fetched with the session's token. It is a File
 * named as the server names it (Content-Disposition), so saving it keeps that informative name.
 */
export async function download(url: string): Promise<Blob> {
  const response = await fetch(url, {
    headers: {
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      'Accept-Language': language,
    },
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('Content-Disposition'));
  return name ? new File([blob], name, { type: blob.type }) : blob;
}

export type PlanImportReport = Schemas['PlanImportReportDto'];

/**
 * A plan file to `/api/v1/plans/import` as a multipart upload (openapi-fetch serialises JSON
 * bodies; a file goes as FormData). The answer is typed from the same OpenAPI document.
 */
export async function uploadPlanFile(file: File, options: { dryRun: boolean }): Promise<PlanImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = new URLSearchParams({ dryRun: String(options.dryRun) });
  const response = await fetch(`/api/v1/plans/import?${query}`, {
    method: 'POST',
    body: form,
    headers: {
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      'Accept-Language': language,
    },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && accessToken) onUnauthorized();
    throw new ApiError(
      response.status,
      body && typeof body === 'object' && 'statusCode' in body ? (body as ErrorResponse) : null,
    );
  }
  return body as PlanImportReport;
}
