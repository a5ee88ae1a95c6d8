import type { Role } from '@pdca/domain/stages';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { useAuth } from '../auth';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { Choice, Field, FormMessage, PageTitle, QueryView } from '../ui';

type Preferences = Schemas['NotificationPreferencesDto'];
type Mode = 'immediate' | 'digest' | 'off';

const MODES: readonly Mode[] = ['immediate', 'digest', 'off'];

/** The mails each role receives (docs/notifications.md, "Who is told what"), in the order of a year. */
export const MAIL_KINDS_BY_ROLE: Partial<Record<Role, readonly string[]>> = {
  wg_leader: [
    'task.assigned',
    'task.opened',
    'task.reminder',
    'task.deadline_moved',
    'task.escalated',
    'submission.returned',
    'submission.approved',
    'cycle.closed',
  ],
  hq_approver: ['approval.requested'],
  hq_admin: ['approval.requested', 'task.escalated', 'budget.reflected'],
  // 外部評価委員: the request for 意見, its reminders, and (the chair) the overdue notice
  // (libs/notifications/src/external-review-notifications.ts files them under these kinds).
  external_reviewer: ['task.assigned', 'task.reminder', 'task.escalated'],
};

/** The roles that receive mail: they find 通知設定 in the menu. */
export const MAIL_ROLES = Object.keys(MAIL_KINDS_BY_ROLE) as Role[];

/** The kinds of mail a user with these roles receives, each once. */
export function mailKindsOf(roles: readonly Role[]): string[] {
  const kinds = new Set(roles.flatMap((r) => MAIL_KINDS_BY_ROLE[r] ?? []));
  const order = Object.values(MAIL_KINDS_BY_ROLE).flat();
  return [...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function PreferencesForm({ saved, kinds }: { saved: Preferences; kinds: string[] }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState<'ja' | 'en'>(saved.language);
  const [email, setEmail] = useState<Record<string, string>>(saved.email);
  const sub = useSubmission(
    (body: { language: 'ja' | 'en'; email: Record<string, string> }) =>
      unwrap(api.PUT('/api/v1/notifications/preferences', { body })),
    ['language', ...kinds.map((k) => `email.${k}`)],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ language, email });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="notify-kinds-title">
      <FormMessage
        error={sub.summary}
        extra={sub.unshown}
        success={sub.done ? t('notify.saved') : undefined}
      />
      <Field
        id="notify-language"
        label={t('notify.language')}
        hint={t('notify.languageHint')}
        error={sub.errors.get('language')}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={language}
            options={[
              { value: 'ja', label: t('lang.ja') },
              { value: 'en', label: t('lang.en') },
            ]}
            onChange={(v) => setLanguage(v === 'en' ? 'en' : 'ja')}
          />
        )}
      </Field>
      <fieldset>
        <legend id="notify-kinds-title">{t('notify.kinds')}</legend>
        {kinds.map((kind) => (
          <Field
            key={kind}
            id={`notify-${kind.replace('.', '-')}`}
            label={t(`notify.kind.${kind.replace('.', '_')}`)}
            error={sub.errors.get(`email.${kind}`)}
          >
            {(aria) => (
              <Choice
                aria={aria}
                value={(email[kind] as Mode | undefined) ?? 'immediate'}
                options={MODES.map((m) => ({ value: m, label: t(`notify.mode.${m}`) }))}
                onChange={(v) => setEmail((current) => ({ ...current, [kind]: v }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={sub.busy}>
          {t('notify.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * 通知設定: the page every mail's footer points to. The mail language and, per kind of mail the
 * user's roles receive, at once / once a day / not at all (GET and PUT /notifications/preferences).
 */
export default function NotificationSettingsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const preferences = useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => unwrap(api.GET('/api/v1/notifications/preferences')),
  });
  const kinds = mailKindsOf(user?.roles ?? []);
  return (
    <section>
      <PageTitle>{t('notify.title')}</PageTitle>
      <p>{t('notify.intro')}</p>
      {kinds.length === 0 ? (
        <p className="alert info">{t('notify.none')}</p>
      ) : (
        <QueryView query={preferences}>
          {(saved) => <PreferencesForm saved={saved} kinds={kinds} />}
        </QueryView>
      )}
    </section>
  );
}
