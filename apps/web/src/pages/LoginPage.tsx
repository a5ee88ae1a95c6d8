import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { directoryStartHref } from '../lib/sign-in-return';
import { Field, FormMessage, PageTitle } from '../ui';

/** "Sign in with <the city's directory>" for every city that has OpenID Connect set up. */
function DirectorySignIn() {
  const { t, lang } = useI18n();
  const providers = useQuery({
    queryKey: ['sign-in-providers'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/providers')),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const list = providers.data?.items ?? [];
  if (list.length === 0) return null;
  const returnTo = location.pathname + location.search;
  return (
    <>
      <div className="sign-in-directory" data-testid="directory-sign-in">
        {list.map((p) => (
          <div key={p.tenantCode}>
            <a className="button" href={directoryStartHref(p.startUrl, returnTo)}>
              {t('auth.directory', { directory: p.directoryName[lang] })}
            </a>
            {list.length > 1 && <small>{t('auth.directoryOf', { tenant: p.tenantName })}</small>}
          </div>
        ))}
      </div>
      <p className="divider">{t('auth.or')}</p>
    </>
  );
}

export function LoginPage() {
  const { t, lang } = useI18n();
  const { signIn, expired, directoryFailure } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login card">
      <PageTitle>{t('auth.title')}</PageTitle>
      {expired && !error && <p className="alert info">{t('auth.expired')}</p>}
      {directoryFailure && !error && (
        <FormMessage
          error={
            directoryFailure === 'tokenRefused'
              ? t('auth.directoryFailed')
              : t('auth.directoryRefused', { reason: t(`auth.directoryReason.${directoryFailure}`) })
          }
        />
      )}
      <DirectorySignIn />
      <FormMessage error={summaryOf(error, lang)} />
      <form onSubmit={submit} noValidate>
        <Field id="email" label={t('auth.email')}>
          {(aria) => (
            <input
              {...aria}
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field id="password" label={t('auth.password')}>
          {(aria) => (
            <input
              {...aria}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </section>
  );
}
