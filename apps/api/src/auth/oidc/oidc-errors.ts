import { HttpStatus } from '@nestjs/common';
import { apiError } from '../../common/errors/localized-error';

/** Why a directory sign-in was refused: the security log's reason and the answer's code. */
export const OIDC_REFUSALS = {
  OIDC_NOT_CONFIGURED: {
    status: HttpStatus.NOT_FOUND,
    en: 'This city has no directory sign-in configured.',
    ja: 'この自治体にはディレクトリでのログインが設定されていません。',
  },
  OIDC_FLOW_MISSING: {
    status: HttpStatus.BAD_REQUEST,
    en: 'The sign-in was not started from this browser, or took longer than 10 minutes; start it again.',
    ja: 'このブラウザで開始したログインではないか、10分以上経過しました。もう一度ログインしてください。',
  },
  OIDC_STATE_MISMATCH: {
    status: HttpStatus.BAD_REQUEST,
    en: 'The sign-in answer does not belong to the sign-in this browser started (state mismatch); start again.',
    ja: 'ログインの応答がこのブラウザで開始したログインと一致しません（state不一致）。もう一度ログインしてください。',
  },
  OIDC_DIRECTORY_ERROR: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The city’s directory refused the sign-in.',
    ja: '組織のディレクトリがログインを拒否しました。',
  },
  OIDC_NONCE_MISMATCH: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The ID token was not issued for this sign-in (nonce mismatch).',
    ja: 'IDトークンがこのログインに対して発行されたものではありません（nonce不一致）。',
  },
  OIDC_ISSUER_MISMATCH: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The ID token comes from another issuer than this city’s directory.',
    ja: 'IDトークンの発行者がこの自治体のディレクトリではありません。',
  },
  OIDC_BAD_SIGNATURE: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The ID token’s signature is not valid.',
    ja: 'IDトークンの署名が正しくありません。',
  },
  OIDC_TOKEN_EXPIRED: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The ID token has expired (or is not yet valid).',
    ja: 'IDトークンの有効期限が切れています（または有効期間前です）。',
  },
  OIDC_TOKEN_REJECTED: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The city’s directory answered with a response that could not be verified.',
    ja: '組織のディレクトリからの応答を検証できませんでした。',
  },
  OIDC_DIRECTORY_UNREACHABLE: {
    status: HttpStatus.BAD_GATEWAY,
    en: 'The city’s directory could not be reached; try again later.',
    ja: '組織のディレクトリに接続できませんでした。しばらくしてから再度お試しください。',
  },
  OIDC_EMAIL_MISSING: {
    status: HttpStatus.UNAUTHORIZED,
    en: 'The directory sent no usable email address (claim "email"); ask the directory administrator.',
    ja: 'ディレクトリからメールアドレス（emailクレーム）が送られませんでした。ディレクトリ管理者にお問い合わせください。',
  },
  OIDC_EMAIL_TAKEN: {
    status: HttpStatus.CONFLICT,
    en: 'The email address from the directory belongs to another account; ask your administrator.',
    ja: 'ディレクトリのメールアドレスは別のアカウントで使われています。管理者にお問い合わせください。',
  },
  OIDC_ROLE_CONFLICT: {
    status: HttpStatus.FORBIDDEN,
    en: 'The directory grants the external reviewer role together with another role; an external reviewer holds no other role. Ask the directory administrator.',
    ja: 'ディレクトリが外部評価委員のロールを他のロールと同時に付与しています。外部評価委員は他のロールを持てません。ディレクトリ管理者にお問い合わせください。',
  },
  ACCOUNT_DEACTIVATED: {
    status: HttpStatus.FORBIDDEN,
    en: 'This account has been deactivated; ask your administrator.',
    ja: 'このアカウントは無効化されています。管理者にお問い合わせください。',
  },
} as const;

export type OidcRefusalCode = keyof typeof OIDC_REFUSALS;

export class OidcRefusal extends Error {
  constructor(
    readonly code: OidcRefusalCode,
    readonly tenantId: string | null,
    readonly userId: string | null = null,
    /** The flow's `returnTo` (checked as a path of this site at start): where a browser goes back to. */
    readonly returnTo: string | null = null,
  ) {
    super(code);
  }

  toHttp() {
    const r = OIDC_REFUSALS[this.code];
    return apiError(r.status, r, { code: this.code });
  }
}

/**
 * openid-client's (oauth4webapi's) verification errors → a refusal reason. Anything unknown is a
 * generic rejection: the answer must not depend on the library's wording.
 */
export function refusalOf(err: unknown): OidcRefusalCode {
  const outer = err as { code?: string; name?: string; cause?: unknown; error?: string };
  // openid-client wraps oauth4webapi's error (which names the failed claim in its `cause`).
  const inner = outer?.cause as { code?: string; cause?: unknown } | undefined;
  const e = (typeof inner?.code === 'string' ? inner : outer) as typeof outer & {
    cause?: { claim?: string };
  };
  if (outer?.name === 'AuthorizationResponseError' || typeof outer?.error === 'string')
    return 'OIDC_DIRECTORY_ERROR';
  switch (e?.code) {
    case 'OAUTH_INVALID_RESPONSE': {
      // oauth4webapi's failed signature check: its cause carries the key, data and signature.
      const cause = e.cause as Record<string, unknown> | undefined;
      if (cause && typeof cause === 'object' && 'signature' in cause && 'key' in cause)
        return 'OIDC_BAD_SIGNATURE';
      return 'OIDC_TOKEN_REJECTED';
    }
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return 'OIDC_TOKEN_EXPIRED';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (e.cause?.claim === 'nonce') return 'OIDC_NONCE_MISMATCH';
      if (e.cause?.claim === 'iss') return 'OIDC_ISSUER_MISMATCH';
      return 'OIDC_TOKEN_REJECTED';
    default:
      if (typeof e?.code === 'string' && /^(ECONN|ENOTFOUND|ETIMEDOUT|UND_ERR)/.test(e.code)) {
        return 'OIDC_DIRECTORY_UNREACHABLE';
      }
      return 'OIDC_TOKEN_REJECTED';
  }
}
