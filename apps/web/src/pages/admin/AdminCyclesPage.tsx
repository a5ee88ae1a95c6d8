import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { type ItemSummary, useItems, usePlans } from '../../api/queries';
import { summaryOf } from '../../forms/field-errors';
import { useI18n } from '../../i18n';
import { planYears } from '../../lib/admin';
import { formatFiscalYear, punct } from '../../lib/format';
import { fiscalYearNow } from '../../lib/working-year';
import { Link } from '../../router';
import { ITEM_COLUMNS, TableHead } from '../../tables';
import { ConfirmBox, FilterSelect, FormMessage, QueryView, StageBadge, StatusBadge } from '../../ui';
import { AdminLayout } from './AdminLayout';

interface StartOutcome {
  started: number;
  failed: Array<{ code: string; message: string }>;
}

/**
 * Starts the year's missing cycles after a confirmation in the page that says how many (each start
 * opens tasks and mails their leaders); not offered for a fiscal year already past.
 */
function StartCycles({ items, fiscalYear }: { items: ItemSummary[]; fiscalYear: number }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<StartOutcome | null>(null);
  const [confirming, setConfirming] = useState(false);
  const askRef = useRef<HTMLButtonElement>(null);
  // Another year or plan chosen: nothing stays asked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the year changes
  useEffect(() => setConfirming(false), [fiscalYear]);
  const past = fiscalYear < fiscalYearNow();
  const start = async () => {
    setConfirming(false);
    const result: StartOutcome = { started: 0, failed: [] };
    setOutcome(null);
    // One request per item, one after another: each start is idempotent, so a repeat after a
    // failure only starts what is still missing, and the server is not flooded.
    for (const [i, item] of items.entries()) {
      setProgress({ done: i, total: items.length });
      try {
        await unwrap(
          api.POST('/api/v1/items/{itemId}/cycles', {
            params: { path: { itemId: item.id } },
            body: { fiscalYear },
          }),
        );
        result.started++;
      } catch (error) {
        result.failed.push({ code: item.code, message: summaryOf(error, lang) ?? '' });
      }
    }
    setProgress(null);
    setOutcome(result);
    await queryClient.invalidateQueries();
  };
  return (
    <div className="card">
      {outcome && outcome.failed.length > 0 && (
        <FormMessage
          error={t('admin.cycles.startFailed')}
          extra={outcome.failed.map((f) => `${f.code}${punct(lang).colon}${f.message}`)}
        />
      )}
      {outcome && outcome.started > 0 && (
        <FormMessage error={null} success={t('admin.cycles.started', { n: outcome.started })} />
      )}
      {items.length === 0 ? (
        <p>{t('admin.cycles.allStarted')}</p>
      ) : past ? (
        <p data-testid="past-year">{t('admin.cycles.pastYear', { n: items.length })}</p>
      ) : (
        <button
          ref={askRef}
          type="button"
          onClick={() => setConfirming(true)}
          disabled={!!progress || confirming}
          aria-expanded={confirming}
          data-write="start-cycles"
        >
          {progress ? t('admin.cycles.starting', progress) : t('admin.cycles.startAll', { n: items.length })}
        </button>
      )}
      {confirming && !past && (
        <ConfirmBox
          question={t('admin.cycles.startConfirm', {
            n: items.length,
            fy: formatFiscalYear(fiscalYear, lang),
          })}
          yes={t('admin.cycles.startConfirmYes', { n: items.length })}
          no={t('admin.cycles.startConfirmNo')}
          onYes={() => void start()}
          onNo={() => {
            setConfirming(false);
            setTimeout(() => askRef.current?.focus());
          }}
          write="start-cycles"
          className="confirm"
        />
      )}
    </div>
  );
}

/** Start a plan's cycles for a fiscal year, and open any cycle to move deadlines or withdraw it. */
export default function AdminCyclesPage() {
  const { t, lang } = useI18n();
  const plans = usePlans();
  const [planId, setPlanId] = useState('');
  const [fy, setFy] = useState<number | null>(null);
  const all = useItems(undefined);
  const plan = plans.data?.find((p) => p.id === planId) ?? plans.data?.[0];
  const ofPlan = (all.data ?? []).filter((i) => i.planId === plan?.id);
  const years = planYears(
    plan,
    ofPlan.map((i) => i.currentCycle?.fiscalYear).filter((y): y is number => !!y),
    fiscalYearNow(),
  );
  const latest = Math.max(0, ...ofPlan.map((i) => i.currentCycle?.fiscalYear ?? 0));
  const year = fy ?? (latest || years[0] || null);
  const withCycle = useItems(year ?? undefined);
  return (
    <AdminLayout title={t('admin.cycles.title')}>
      <QueryView query={plans}>
        {(list) =>
          list.length === 0 ? (
            <p>
              {t('admin.cycles.noPlan')} <Link to="/admin/import">{t('admin.import.nav')}</Link>
            </p>
          ) : (
            <>
              <div className="filters">
                <FilterSelect
                  label={t('admin.cycles.plan')}
                  value={plan?.id ?? ''}
                  options={list.map((p) => p.id)}
                  optionLabel={(id) => list.find((p) => p.id === id)?.title ?? id}
                  onChange={setPlanId}
                />
                <FilterSelect
                  label={t('admin.cycles.fy')}
                  value={year ?? ''}
                  options={years}
                  optionLabel={(y) => formatFiscalYear(y, lang)}
                  onChange={(v) => setFy(Number(v))}
                />
              </div>
              {year && (
                <QueryView query={withCycle}>
                  {(started) => {
                    const columns = ITEM_COLUMNS.map((key) => t(key));
                    const cycleOf = new Map(
                      started.filter((i) => i.planId === plan?.id).map((i) => [i.id, i.currentCycle]),
                    );
                    const missing = ofPlan.filter((i) => !cycleOf.get(i.id));
                    return (
                      <>
                        <StartCycles items={missing} fiscalYear={year} />
                        {/* At phone width each item is a card, each cell labelled by its column. */}
                        <table className="data-table cards" data-testid="admin-cycles">
                          <TableHead
                            columns={[...columns, { label: t('admin.cycles.manage'), hidden: true }]}
                          />
                          <tbody>
                            {ofPlan.map((item) => {
                              const cycle = cycleOf.get(item.id);
                              return (
                                <tr key={item.id}>
                                  <td data-label={columns[0]}>{item.code}</td>
                                  <th scope="row" data-label={columns[1]}>
                                    {item.title}
                                  </th>
                                  <td data-label={columns[2]}>{item.workingGroup?.name ?? '—'}</td>
                                  <td data-label={columns[3]}>
                                    {cycle ? <StageBadge stage={cycle.stage} /> : '—'}
                                  </td>
                                  <td data-label={columns[4]}>
                                    {cycle ? (
                                      <StatusBadge status={cycle.status} />
                                    ) : (
                                      t('admin.cycles.notStarted')
                                    )}
                                  </td>
                                  <td>
                                    {cycle && (
                                      <Link
                                        to={`/admin/cycles/${cycle.id}`}
                                        aria-label={`${item.code} ${item.title}${punct(lang).colon}${t('admin.cycles.manage')}`}
                                      >
                                        {t('admin.cycles.manage')}
                                      </Link>
                                    )}
                                  </td>
                                </tr>
                              );
                            })}
                          </tbody>
                        </table>
                      </>
                    );
                  }}
                </QueryView>
              )}
            </>
          )
        }
      </QueryView>
    </AdminLayout>
  );
}
