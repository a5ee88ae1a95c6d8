import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';

/** Who submitted (by name) and when, under a submission's heading (施策評価, 市の対応方針). */
export function SubmissionMeta({ name, at }: { name: string | null; at: string | null }) {
  const { t, lang } = useI18n();
  return (
    <dl className="meta submission-meta">
      <div>
        <dt>{t('feedback.submitter')}</dt>
        <dd data-testid="submitter">{name ?? '—'}</dd>
      </div>
      {at && (
        <div>
          <dt>{t('approvals.submittedAt')}</dt>
          <dd>{formatDateTime(at, lang)}</dd>
        </div>
      )}
    </dl>
  );
}
