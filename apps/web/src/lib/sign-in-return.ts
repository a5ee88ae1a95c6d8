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

/** Where the directory button sends the browser: the API's start URL, back to this page after. */
export function directoryStartHref(startUrl: string, returnTo: string): string {
  // The API accepts a path of this site only; anything else would be refused there.
  const path = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return `${startUrl}?${new URLSearchParams({ returnTo: path })}`;
}
