import { HttpStatus } from '@nestjs/common';
import { apiError } from '../common/errors/localized-error';
import type { RateLimit } from '../infrastructure/api-options';

const MAX_TRACKED_ACCOUNTS = 100_000;

/**
 * Counts failed logins per account (email, case-insensitive) in a sliding window. In memory, so
 * per API process: with several API replicas an attacker gets `limit` tries per replica. A shared
 * store (PostgreSQL or Redis) is the step up when that matters.
 */
export class LoginAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 with Retry-After when the account has used up its attempts. */
  assertAllowed(email: string): void {
    const recent = this.recent(key(email));
    if (recent.length < this.rule.limit) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((recent[0] + this.rule.windowMs - this.now()) / 1000));
    throw apiError(
      HttpStatus.TOO_MANY_REQUESTS,
      {
        ja: `このアカウントへのログイン失敗が多すぎます。${retryAfterSeconds}秒後に再度お試しください。`,
        en: `Too many failed sign-in attempts for this account; try again in ${retryAfterSeconds} seconds.`,
      },
      { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds },
    );
  }

  recordFailure(email: string): void {
    const k = key(email);
    const recent = this.recent(k);
    recent.push(this.now());
    this.failures.delete(k);
    this.failures.set(k, recent);
    // Bounded memory: forget the least recently failed accounts first (Map keeps insertion order).
    while (this.failures.size > MAX_TRACKED_ACCOUNTS) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  reset(email: string): void {
    this.failures.delete(key(email));
  }

  private recent(k: string): number[] {
    const cutoff = this.now() - this.rule.windowMs;
    const recent = (this.failures.get(k) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(k);
    return recent;
  }
}

function key(email: string): string {
  return email.trim().toLowerCase();
}
