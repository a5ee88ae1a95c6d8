import { HttpStatus } from '@nestjs/common';
import { apiError } from '../errors/localized-error';
import type { AuthUser } from '../http/request-context';
import type { EndpointOptions } from './endpoint.decorator';

/**
 * Whether a verified token still opens a session (issue #14). A token carries the user's token
 * version at issue time (`tv`); sign-out, deactivation and a password change bump the version in
 * the database, so every older token fails here on the very next request, without a refresh-token
 * round trip or a revocation list. Kept apart from AuthGuard so the guard stays one straight line.
 */
export function assertSessionUsable(
  user: AuthUser,
  tokenVersion: unknown,
  endpoint: EndpointOptions | undefined,
): void {
  if (!user.active) {
    throw apiError(
      HttpStatus.UNAUTHORIZED,
      {
        ja: 'このアカウントは無効化されています。管理者にお問い合わせください。',
        en: 'This account has been deactivated; ask your administrator.',
      },
      { code: 'ACCOUNT_DEACTIVATED' },
    );
  }
  if (tokenVersion !== user.tokenVersion) {
    throw apiError(
      HttpStatus.UNAUTHORIZED,
      {
        ja: 'このセッションは終了しています（ログアウトまたはパスワード変更）。再度ログインしてください。',
        en: 'This session has ended (signed out, or the password was changed); sign in again.',
      },
      { code: 'SESSION_ENDED' },
    );
  }
  if (user.mustChangePassword && !endpoint?.allowedWithOneTimePassword) {
    throw apiError(
      HttpStatus.FORBIDDEN,
      {
        ja: '初回パスワードを変更してください（POST /api/v1/auth/password に currentPassword と newPassword を送信）。',
        en: 'Change your one-time password first: POST /api/v1/auth/password with currentPassword and newPassword.',
      },
      { code: 'PASSWORD_CHANGE_REQUIRED' },
    );
  }
}
