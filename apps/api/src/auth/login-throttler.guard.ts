import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { apiError } from '../common/errors/localized-error';

/** Per-address login limit (@nestjs/throttler, in-memory, per process) with a bilingual 429. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw apiError(
      HttpStatus.TOO_MANY_REQUESTS,
      {
        ja: `この接続元からのログイン試行が多すぎます。${seconds}秒後に再度お試しください。`,
        en: `Too many sign-in attempts from this address; try again in ${seconds} seconds.`,
      },
      { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: seconds },
    );
  }
}
