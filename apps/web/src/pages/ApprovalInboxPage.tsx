import { useMemo, useState } from 'react';
import { STAGE_LABELS, STAGES, SUBMISSION_KIND_LABELS } from '../../../../libs/domain/src/stages';
import { usePendingApprovals } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear } from '../lib/format';
import { pageOf } from '../lib/task-inbox';
import { Link } from '../router';
import { PageTitle, QueryView, StageBadge } from '../ui';

export default function ApprovalInboxPage() {
  const { t, lang, l } = useI18n();
  const { user } = useAuth();
  const pending = usePendingApprovals();
  const [stage, setStage] = useState('');
  const [fy, setFy] = useState('');
  const [page, setPage] = useState(0);
  // Nobody decides on their own submission: the server refuses it, the inbox does not offer it.
  const mine = useMemo(
    () => (pending.data ?? []).filter((a) => a.submittedBy !== user?.id),
    [pending.data, user],
  );
  const years = [...new Set(mine.map((a) => a.fiscalYear))].sort();
  const rows = mine
    .filter((a) => (!stage || a.stage === stage) && (!fy || String(a.fiscalYear) === fy))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const view = pageOf(rows, page);
  return (
    <section>
      <PageTitle>{t('approvals.title')}</PageTitle>
      <div className="filters">
        <label>
          {t('approvals.filterStage')}
          <select
            value={stage}
            onChange={(e) => {
              setStage(e.target.value);
              setPage(0);
            }}
          >
            <option value="">{t('common.all')}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {l(STAGE_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('approvals.filterFy')}
          <select
            value={fy}
            onChange={(e) => {
              setFy(e.target.value);
              setPage(0);
            }}
          >
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {formatFiscalYear(y, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView query={pending}>
        {() =>
          rows.length === 0 ? (
            <p>{t('approvals.empty')}</p>
          ) : (
            <>
              <table className="data-table" data-testid="approval-table">
                <thead>
                  <tr>
                    <th scope="col">{t('approvals.submittedAt')}</th>
                    <th scope="col">{t('common.code')}</th>
                    <th scope="col">{t('common.item')}</th>
                    <th scope="col">{t('approvals.submission')}</th>
                    <th scope="col">{t('common.stage')}</th>
                    <th scope="col">{t('approvals.step')}</th>
                    <th scope="col">{t('approvals.round')}</th>
                    <th scope="col">{t('common.fiscalYear')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((a) => (
                    <tr key={a.id}>
                      <td>{formatDate(a.submittedAt, lang)}</td>
                      <td>{a.itemCode}</td>
                      <td>
                        <Link to={`/cycles/${a.cycleId}/approvals/${a.id}`}>{a.itemTitle}</Link>
                      </td>
                      <td>{l(SUBMISSION_KIND_LABELS[a.submissionKind])}</td>
                      <td>
                        <StageBadge stage={a.stage} />
                      </td>
                      <td>{l(a.stepLabel)}</td>
                      <td>{t('approvals.roundN', { n: a.round })}</td>
                      <td>{formatFiscalYear(a.fiscalYear, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {view.pages > 1 && (
                <nav className="pager" aria-label={t('common.next')}>
                  <button
                    type="button"
                    className="secondary"
                    disabled={view.page === 0}
                    onClick={() => setPage(view.page - 1)}
                  >
                    {t('common.prev')}
                  </button>
                  <span>
                    {t('common.page', {
                      from: view.page * 50 + 1,
                      to: view.page * 50 + view.rows.length,
                      total: rows.length,
                    })}
                  </span>
                  <button
                    type="button"
                    className="secondary"
                    disabled={view.page >= view.pages - 1}
                    onClick={() => setPage(view.page + 1)}
                  >
                    {t('common.next')}
                  </button>
                </nav>
              )}
            </>
          )
        }
      </QueryView>
      {pending.data && pending.data.length > mine.length && <p className="hint">{t('approvals.own')}</p>}
    </section>
  );
}
