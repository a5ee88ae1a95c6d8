import { lastReturn, type PolicyApproval } from '../api/policy-evaluations';
import { useI18n } from '../i18n';
import { formatDateTime, punct } from '../lib/format';

/**
 * HQ's last return of a 施策評価 or a 市の対応方針, as the status asks: the comment alone while the
 * owner answers it (open or returned); once resubmitted, the comment beside the owner's
 * 差戻しへの回答 of the round that followed it.
 */
export function ReturnFeedback({
  approvals,
  status,
  round,
  answer,
}: {
  approvals: readonly PolicyApproval[];
  status: string;
  /** The submission's round now. */
  round: number;
  /** The latest submission's 差戻しへの回答. */
  answer: string | null | undefined;
}) {
  const { t, lang } = useI18n();
  const returned = lastReturn({ approvals });
  if (!returned) return null;
  const comment = (
    <>
      <blockquote>{returned.comment || '—'}</blockquote>
      <p className="meta">{returned.decidedAt && formatDateTime(returned.decidedAt, lang)}</p>
    </>
  );
  if (status === 'returned' || status === 'open')
    return (
      <section className="card return-exchange" data-testid="return-comment" aria-labelledby="return-title">
        <h2 id="return-title">{t('feedback.returnComment', { n: returned.round })}</h2>
        {comment}
      </section>
    );
  if (returned.round >= round) return null;
  return (
    <section className="card return-exchange" aria-labelledby="exchange-title" data-testid="return-exchange">
      <h2 id="exchange-title">{t('feedback.exchange')}</h2>
      <div className="side-by-side">
        <div data-testid="return-comment">
          <h3>{t('feedback.returnComment', { n: returned.round })}</h3>
          {comment}
        </div>
        <div data-testid="return-answer">
          <h3>
            {t('feedback.returnAnswer')}
            {punct(lang).paren(t('approvals.roundN', { n: round }))}
          </h3>
          {answer ? <blockquote>{answer}</blockquote> : <p>{t('feedback.noAnswer')}</p>}
        </div>
      </div>
    </section>
  );
}
