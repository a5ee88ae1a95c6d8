/** How one attempt ended: delivered, worth another try later, or never going to work. */
export type DeliveryOutcome =
  | { kind: 'delivered'; detail: string }
  | { kind: 'temporary'; error: string }
  | { kind: 'permanent'; error: string };

/** Attempts (the first included) before a temporary failure becomes a dead letter. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Exponential backoff with full jitter: a random delay in [base·2^(n-1) / 2, base·2^(n-1)],
 * capped. Half the window is kept fixed so a flaky server is not hammered by an unlucky zero.
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

interface SmtpLikeError {
  responseCode?: number;
  code?: string;
  message?: string;
  response?: string;
}

/** SMTP: 5xx is permanent (the address or the message is refused), 4xx and network trouble are temporary. */
export function classifySmtpError(err: unknown): DeliveryOutcome {
  const e = (err ?? {}) as SmtpLikeError;
  const error = truncate(e.response ?? e.message ?? String(err));
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600)
    return { kind: 'permanent', error };
  return { kind: 'temporary', error };
}

/** HTTP: 2xx delivered; 408, 429 and 5xx temporary; any other answer (4xx, a redirect) permanent. */
export function classifyHttpStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', detail: `HTTP ${status}` };
  if (status === 408 || status === 429 || status >= 500)
    return { kind: 'temporary', error: `HTTP ${status}` };
  if (status >= 300 && status < 400)
    return { kind: 'permanent', error: `HTTP ${status} (redirects are not followed)` };
  return { kind: 'permanent', error: `HTTP ${status}` };
}

export const truncate = (value: string, max = 500): string =>
  value.length > max ? `${value.slice(0, max)}…` : value;
