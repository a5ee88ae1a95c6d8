/**
 * The API's OpenID Connect callback sends the browser back to the app with its own token in the
 * URL fragment (`#access_token=…&token_type=Bearer&expires_in=…`): the fragment never reaches a
 * server log. This reads it; anything else in the fragment is not a sign-in.
 */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('access_token');
  const type = params.get('token_type');
  if (!token || (type && type.toLowerCase() !== 'bearer')) return null;
  return token;
}

/** Why the directory sign-in did not complete, in words a city official can act on. */
export type DirectoryFailureReason =
  | 'cancelled'
  | 'expired'
  | 'deactivated'
  | 'emailTaken'
  | 'noEmail'
  | 'notConfigured'
  | 'unreachable'
  | 'unverified';

/** The API's refusal codes (apps/api/src/auth/oidc/oidc-errors.ts) grouped by what the user can do. */
const REASONS: Record<string, DirectoryFailureReason> = {
  OIDC_DIRECTORY_ERROR: 'cancelled',
  OIDC_FLOW_MISSING: 'expired',
  OIDC_STATE_MISMATCH: 'expired',
  ACCOUNT_DEACTIVATED: 'deactivated',
  OIDC_EMAIL_TAKEN: 'emailTaken',
  OIDC_EMAIL_MISSING: 'noEmail',
  OIDC_NOT_CONFIGURED: 'notConfigured',
  OIDC_DIRECTORY_UNREACHABLE: 'unreachable',
};

/**
 * A refused callback sends the browser back with `#sign_in_error=<code>` instead of the token.
 * This reads it; the ID token checks (nonce, issuer, signature, expiry) and any code this app does
 * not know yet read as "the directory's answer could not be verified".
 */
export function signInErrorFromFragment(hash: string): DirectoryFailureReason | null {
  const code = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get('sign_in_error');
  if (!code) return null;
  return Object.hasOwn(REASONS, code) ? REASONS[code] : 'unverified';
}

/** Where the directory button sends the browser: the API's start URL, back to this page after. */
export function directoryStartHref(startUrl: string, returnTo: string): string {
  // The API accepts a path of this site only; anything else would be refused there.
  const path = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return `${startUrl}?${new URLSearchParams({ returnTo: path })}`;
}
