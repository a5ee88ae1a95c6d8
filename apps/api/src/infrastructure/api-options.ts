import type { AppConfig } from '@pdca/config';

export interface RateLimit {
  /** Attempts allowed within the window. */
  limit: number;
  windowMs: number;
}

export interface LoginRateLimits {
  /** Every login request from one client address (a whole city hall may share one NAT address). */
  perIp: RateLimit;
  /** Failed logins for one email address, whatever the client address. */
  perAccount: RateLimit;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  perIp: { limit: 100, windowMs: 15 * 60_000 },
  perAccount: { limit: 10, windowMs: 15 * 60_000 },
};

export interface ApiOptions {
  config: AppConfig;
  /** Overrides for tests; production uses the defaults. */
  loginRateLimits?: Partial<LoginRateLimits>;
  /** How long POST /items/:id/cycles waits for the worker to record a new cycle (default 15 s). */
  cycleStartWaitMs?: number;
  /** Deadline for one workflow Update round trip (default 30 s). */
  updateTimeoutMs?: number;
}

export function loginRateLimits(options: ApiOptions): LoginRateLimits {
  return { ...DEFAULT_LOGIN_RATE_LIMITS, ...options.loginRateLimits };
}
