import { STAGE_LABELS, STAGES, type Stage } from '@pdca/domain/stages';
import { Fragment, useState } from 'react';
import { type ItemSummary, useItems, useOpenTasksAll } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney, punct } from '../lib/format';
import { useWorkingYear } from '../lib/use-working-year';
import { Link } from '../router';
import { FilterSelect, PageTitle, QueryView, StatusBadge } from '../ui';
import { EditionsLink } from './EditionCard';
import { PlanTotals } from './PlanTotals';

/**
 * Every item of the plans by stage for one fiscal year, with counts and overdue marks. It opens on
 * the year people work in (this fiscal year), not on a later year whose cycles have started; each
 * plan's totals are headed by its name, and with several plans one can be chosen.
 */
export default function BoardPage() {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const [fy, setFy] = useState<number | undefined>(undefined);
  const [group, setGroup] = useState('');
  const [planId, setPlanId] = useState('');
  const working = useWorkingYear();
  const shownYear = fy ?? working.year;
  const items = useItems(shownYear);
  // Every item with its latest cycle (the read the working year is taken from): the plans, and the
  // items that have no cycle in the year shown.
  const everyItem = useItems(undefined);
  const tasks = useOpenTasksAll();
  const overdueCycles = new Set((tasks.data ?? []).filter((x) => x.overdue).map((x) => x.cycleId));
  const years = working.years;
  const known = everyItem.data ?? items.data ?? [];
  const plans = [...new Map(known.map((i) => [i.planId, i.planTitle])).entries()];
  const groups = [...new Set(known.map((i) => i.workingGroup?.name).filter((g): g is string => !!g))].sort();
  const shown = (i: ItemSummary) =>
    (!planId || i.planId === planId) && (!group || i.workingGroup?.name === group);
  const byStage = (rows: ItemSummary[], stage: Stage) => rows.filter((i) => i.currentCycle?.stage === stage);
  return (
    <section>
      <PageTitle>{t('board.title')}</PageTitle>
      <div className="filters">
        <label>
          {t('board.fy')}
          {/* This fiscal year is shown until another is chosen: one option per year, none twice. */}
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
        {plans.length > 1 && (
          <FilterSelect
            label={t('board.plan')}
            value={planId}
            options={plans.map(([id]) => id)}
            optionLabel={(id) => plans.find(([p]) => p === id)?.[1] ?? id}
            all
            onChange={setPlanId}
          />
        )}
      </div>
      {/* While the working year is looked up, the items' latest cycles (the same read) wait. */}
      {fy === undefined && working.loading ? (
        <p aria-live="polite">{t('common.loading')}</p>
      ) : (
        <QueryView query={items}>
          {(all) => {
            const ofPlan = all.filter((i) => !planId || i.planId === planId);
            const rows = ofPlan.filter(shown);
            const inYear = new Set(rows.filter((i) => i.currentCycle).map((i) => i.id));
            const noCycle = (shownYear === undefined ? rows : known.filter(shown)).filter(
              (i) => !inYear.has(i.id),
            );
            const shownPlans = [...new Map(ofPlan.map((i) => [i.planId, i.planTitle])).entries()];
            // With several plans each item says which one it belongs to (unless one plan is chosen).
            const planOf = plans.length > 1 && !planId;
            return (
              <>
                {shownYear !== undefined &&
                  shownPlans.map(([id, title]) => (
                    <Fragment key={id}>
                      <PlanTotals
                        planId={id}
                        planTitle={plans.length > 1 ? title : undefined}
                        fiscalYear={shownYear}
                      />
                      <EditionsLink planId={id} />
                    </Fragment>
                  ))}
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
                                {planOf && <span className="plan-name">{i.planTitle}</span>}
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
                    {shownYear === undefined
                      ? t('board.noCycle')
                      : t('board.noCycleIn', { fy: formatFiscalYear(shownYear, lang) })}
                    {punct(lang).colon}
                    {/* Each number whole (「1-3」 not broken at its hyphen). */}
                    {noCycle.map((i, n) => (
                      <span key={i.id}>
                        {n > 0 && (lang === 'ja' ? '、' : ', ')}
                        <span className="nowrap">{i.code}</span>
                      </span>
                    ))}
                  </p>
                )}
              </>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}
