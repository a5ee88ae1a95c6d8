import { directoryStartHref, signInErrorFromFragment, tokenFromFragment } from './sign-in-return';

describe('signing in through the city’s directory', () => {
  it('takes the token from the fragment the callback redirects to', () => {
    expect(tokenFromFragment('#access_token=abc.def.ghi&token_type=Bearer&expires_in=3600')).toBe(
      'abc.def.ghi',
    );
    expect(tokenFromFragment('access_token=xyz')).toBe('xyz');
  });

  it('ignores fragments that are no sign-in', () => {
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#main')).toBeNull();
    expect(tokenFromFragment('#access_token=abc&token_type=mac')).toBeNull();
  });

  it('reads why a refused sign-in came back, grouped by what the user can do', () => {
    expect(signInErrorFromFragment('#sign_in_error=OIDC_DIRECTORY_ERROR')).toBe('cancelled');
    expect(signInErrorFromFragment('#sign_in_error=OIDC_STATE_MISMATCH')).toBe('expired');
    expect(signInErrorFromFragment('sign_in_error=OIDC_FLOW_MISSING')).toBe('expired');
    expect(signInErrorFromFragment('#sign_in_error=ACCOUNT_DEACTIVATED')).toBe('deactivated');
    expect(signInErrorFromFragment('#sign_in_error=OIDC_BAD_SIGNATURE')).toBe('unverified');
    expect(signInErrorFromFragment('#sign_in_error=toString')).toBe('unverified');
    expect(signInErrorFromFragment('#access_token=abc&token_type=Bearer')).toBeNull();
    expect(signInErrorFromFragment('')).toBeNull();
  });

  it('returns to the page the user was on, never to another site', () => {
    expect(directoryStartHref('/api/v1/auth/oidc/machida/start', '/approvals?x=1')).toBe(
      '/api/v1/auth/oidc/machida/start?returnTo=%2Fapprovals%3Fx%3D1',
    );
    expect(directoryStartHref('/api/v1/auth/oidc/machida/start', '//evil.example/')).toBe(
      '/api/v1/auth/oidc/machida/start?returnTo=%2F',
    );
  });
});
