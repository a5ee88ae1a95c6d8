import { STAGE_LABELS, STAGES, type Stage } from '@pdca/domain/stages';
import { useState } from 'react';
import { type ItemSummary, useItems, useOpenTasksAll } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney } from '../lib/format';
import { Link } from '../router';
import { FilterSelect, PageTitle, QueryView, StatusBadge } from '../ui';
import { PlanTotals } from './PlanTotals';

/** Every item of the plan by stage for one fiscal year, with counts and overdue marks. */
export default function BoardPage() {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const [fy, setFy] = useState<number | undefined>(undefined);
  const [group, setGroup] = useState('');
  const items = useItems(fy);
  const tasks = useOpenTasksAll();
  const overdueCycles = new Set((tasks.data ?? []).filter((x) => x.overdue).map((x) => x.cycleId));
  const years = [
    ...new Set((items.data ?? []).map((i) => i.currentCycle?.fiscalYear).filter((y): y is number => !!y)),
  ];
  const shownYear = fy ?? (years.length ? Math.max(...years) : undefined);
  const groups = [
    ...new Set((items.data ?? []).map((i) => i.workingGroup?.name).filter((g): g is string => !!g)),
  ].sort();
  const byStage = (rows: ItemSummary[], stage: Stage) => rows.filter((i) => i.currentCycle?.stage === stage);
  return (
    <section>
      <PageTitle>{t('board.title')}</PageTitle>
      <div className="filters">
        <label>
          {t('board.fy')}
          {/* The latest year is shown until another is chosen: one option per year, none twice. */}
          <select
            value={fy ?? shownYear ?? ''}
            onChange={(e) => setFy(e.target.value ? Number(e.target.value) : undefined)}
          >
            {!shownYear && <option value="">{t('common.all')}</option>}
            {[...new Set([...years, ...(shownYear ? [shownYear - 1, shownYear + 1] : [])])]
              .sort((a, b) => a - b)
              .map((y) => (
                <option key={y} value={y}>
                  {formatFiscalYear(y, lang)}
                </option>
              ))}
          </select>
        </label>
        <FilterSelect
          label={t('approvals.filterWg')}
          value={group}
          options={groups}
          all
          onChange={setGroup}
        />
      </div>
      <QueryView query={items}>
        {(all) => {
          const rows = all.filter((i) => !group || i.workingGroup?.name === group);
          const noCycle = rows.filter((i) => !i.currentCycle);
          const planIds = [...new Set(all.map((i) => i.planId))];
          return (
            <>
              {shownYear !== undefined &&
                planIds.map((planId) => <PlanTotals key={planId} planId={planId} fiscalYear={shownYear} />)}
              <h2 className="visually-hidden">{t('board.counts')}</h2>
              <div className="board" data-testid="board">
                {STAGES.map((stage) => {
                  const column = byStage(rows, stage);
                  const overdue = column.filter(
                    (i) => i.currentCycle && overdueCycles.has(i.currentCycle.id),
                  ).length;
                  return (
                    <section key={stage} className="board-column" aria-labelledby={`col-${stage}`}>
                      <h3 id={`col-${stage}`}>
                        {l(STAGE_LABELS[stage])}{' '}
                        <span className="count">{t('board.items', { n: column.length })}</span>
                        {overdue > 0 && (
                          <span className="badge danger">{t('board.overdueCount', { n: overdue })}</span>
                        )}
                      </h3>
                      <ul>
                        {column.map((i) => (
                          <li
                            key={i.id}
                            className={
                              i.currentCycle && overdueCycles.has(i.currentCycle.id) ? 'overdue' : undefined
                            }
                          >
                            <span className="code">{i.code}</span>{' '}
                            {/* HQ and system administrators go where they act on the cycle; auditors
                                to the item's history. */}
                            {has('hq_admin', 'admin') && i.currentCycle ? (
                              <Link to={`/admin/cycles/${i.currentCycle.id}`}>{i.title}</Link>
                            ) : has('auditor', 'hq_admin', 'admin') ? (
                              <Link to={`/audit/items/${i.id}`}>{i.title}</Link>
                            ) : (
                              i.title
                            )}
                            <div className="meta">
                              {i.currentCycle && <StatusBadge status={i.currentCycle.status} />}{' '}
                              {i.workingGroup?.name} {formatMoney(i.budgetCurrentAmount, lang)}
                              {i.currentCycle && overdueCycles.has(i.currentCycle.id) && (
                                <strong className="text-danger"> {t('common.overdue')}</strong>
                              )}
                            </div>
                          </li>
                        ))}
                      </ul>
                    </section>
                  );
                })}
              </div>
              {noCycle.length > 0 && (
                <p className="hint">
                  {t('board.noCycle')}：{noCycle.map((i) => i.code).join('、')}
                </p>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
