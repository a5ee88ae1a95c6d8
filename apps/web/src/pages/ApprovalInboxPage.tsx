import { STAGE_LABELS, STAGES, type Stage, SUBMISSION_KIND_LABELS } from '@pdca/domain/stages';
import { useMemo, useState } from 'react';
import { usePendingApprovals } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear } from '../lib/format';
import { INBOX_PAGE_SIZE, pageOf } from '../lib/task-inbox';
import { Link } from '../router';
import { Pager, TableHead } from '../tables';
import { FilterSelect, PageTitle, QueryView, StageBadge } from '../ui';

export default function ApprovalInboxPage() {
  const { t, lang, l } = useI18n();
  const { user } = useAuth();
  const pending = usePendingApprovals();
  const [stage, setStage] = useState<Stage | ''>('');
  const [fy, setFy] = useState<number | ''>('');
  const [page, setPage] = useState(0);
  // Nobody decides on their own submission: the server refuses it, the inbox does not offer it.
  const mine = useMemo(
    () => (pending.data ?? []).filter((a) => a.submittedBy !== user?.id),
    [pending.data, user],
  );
  const years = [...new Set(mine.map((a) => a.fiscalYear))].sort();
  const rows = mine
    .filter((a) => (!stage || a.stage === stage) && (!fy || a.fiscalYear === fy))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const view = pageOf(rows, page);
  return (
    <section>
      <PageTitle>{t('approvals.title')}</PageTitle>
      <div className="filters">
        <FilterSelect
          label={t('approvals.filterStage')}
          value={stage}
          options={STAGES}
          optionLabel={(s) => l(STAGE_LABELS[s])}
          all
          onChange={(v) => {
            setStage(v as Stage | '');
            setPage(0);
          }}
        />
        <FilterSelect
          label={t('approvals.filterFy')}
          value={fy}
          options={years}
          optionLabel={(y) => formatFiscalYear(y, lang)}
          all
          onChange={(v) => {
            setFy(v ? Number(v) : '');
            setPage(0);
          }}
        />
      </div>
      <QueryView query={pending}>
        {() =>
          rows.length === 0 ? (
            <p>{t('approvals.empty')}</p>
          ) : (
            <>
              <table className="data-table" data-testid="approval-table">
                <TableHead
                  columns={[
                    t('approvals.submittedAt'),
                    t('common.code'),
                    t('common.item'),
                    t('approvals.submission'),
                    t('common.stage'),
                    t('approvals.step'),
                    t('approvals.round'),
                    t('common.fiscalYear'),
                  ]}
                />
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
              <Pager view={view} total={rows.length} size={INBOX_PAGE_SIZE} onPage={setPage} />
            </>
          )
        }
      </QueryView>
      {pending.data && pending.data.length > mine.length && <p className="hint">{t('approvals.own')}</p>}
    </section>
  );
}
