import { randomUUID } from 'node:crypto';
import type { LocalizedText } from '@pdca/domain';

/** The authenticated caller, loaded from the database on every request (roles are always current). */
export interface AuthUser {
  id: string;
  tenantId: string;
  tenantCode: string;
  email: string;
  displayName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  tokenVersion: number;
  directoryUser: boolean;
}

// Minimal views of Express's request and response (the project does not ship @types/express).
export interface HttpRequest {
  method: string;
  originalUrl: string;
  header(name: string): string | undefined;
}

export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): unknown;
  setHeader(name: string, value: string): void;
  readonly headersSent: boolean;
}

export interface ApiRequest extends HttpRequest {
  correlationId: string;
  /** Express's client address (behind a proxy: as far as `trust proxy` lets it see). */
  ip?: string;
  user?: AuthUser;
  /** What the endpoint does, for "Failed to <action>" answers. */
  action?: LocalizedText;
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets a correlation id: the caller's X-Request-Id when it looks like one (so a
 * gateway's id flows through), otherwise a fresh UUID. It is echoed in the response header, in
 * error bodies and in server logs.
 */
export function requestIdMiddleware(req: HttpRequest, res: HttpResponse, next: () => void): void {
  const incoming = req.header(REQUEST_ID_HEADER);
  const id = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as ApiRequest).correlationId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}

/** `ja` when Accept-Language prefers Japanese over English, otherwise `en`. */
export function preferredLanguage(acceptLanguage: string | undefined): 'ja' | 'en' {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
