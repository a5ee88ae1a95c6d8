import { CYCLE_STATUS_LABELS } from '@pdca/domain/stages';
import type { Cycle } from '../api/queries';
import { useI18n } from '../i18n';
import { formatDateTime, punct } from '../lib/format';

type Approval = Cycle['approvals'][number];

/**
 * One approval step of a round as it was decided: the step, the outcome, who and when, and HQ's
 * comment; 「まだ判断されていません」 while it waits.
 */
export function RoundDecision({ approval }: { approval: Approval }) {
  const { t, l, lang } = useI18n();
  const p = punct(lang);
  const outcome =
    approval.status === 'returned'
      ? t('feedback.returned')
      : approval.status === 'approved'
        ? t('feedback.approved')
        : approval.status === 'pending'
          ? t('feedback.noDecision')
          : l(CYCLE_STATUS_LABELS.withdrawn);
  return (
    <div className="round-decision" data-testid="round-decision" data-status={approval.status}>
      <p>
        <strong>{l(approval.stepLabel)}</strong>
        {p.colon}
        {outcome}
        {approval.decidedAt && (
          <span className="meta">
            {' '}
            {t('feedback.decidedBy')}
            {p.colon}
            {approval.decidedByName ?? '—'}
            {p.paren(formatDateTime(approval.decidedAt, lang))}
          </span>
        )}
      </p>
      {approval.comment && (
        <p>
          {t('approvals.comment')}
          {p.colon}
          {approval.comment}
        </p>
      )}
    </div>
  );
}
