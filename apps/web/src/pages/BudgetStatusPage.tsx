import { useState } from 'react';
import { BUDGET_STATUS_PAGE, budgetStatusXlsxUrl, useBudgetStatus } from '../api/budgets';
import { download } from '../api/client';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney } from '../lib/format';
import { Link } from '../router';
import { Pager, TableHead } from '../tables';
import { FilterSelect, FormMessage, PageTitle, QueryView } from '../ui';
import { saveBlob } from './AuditPage';
import { BUDGET_WRITERS } from './ItemBudgetPage';

/**
 * 予算反映状況 (#26): per budget year every item's decisions → 予算への反映額 → 当初予算額（案） →
 * 査定額 → 当初予算額, as a table and as the published Excel sheet.
 */
export default function BudgetStatusPage() {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const thisYear = new Date().getFullYear();
  const [fy, setFy] = useState(thisYear + 1);
  const [page, setPage] = useState(0);
  const status = useBudgetStatus(fy, page);
  const [error, setError] = useState<unknown>(null);
  const amount = (value: { amount: number } | null) => (value ? formatMoney(value.amount, lang) : '—');
  return (
    <section>
      <PageTitle>{t('budgetChain.statusTitle')}</PageTitle>
      <p>{t('budgetChain.statusIntro')}</p>
      <div className="filters">
        <FilterSelect
          label={t('budgetChain.year')}
          value={fy}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2]}
          optionLabel={(y) => formatFiscalYear(y, lang)}
          onChange={(v) => {
            setFy(Number(v));
            setPage(0);
          }}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            setError(null);
            try {
              saveBlob(await download(budgetStatusXlsxUrl(fy, lang)), `budget-status-${fy}.xlsx`);
            } catch (err) {
              setError(err);
            }
          }}
        >
          {t('budgetChain.download')}
        </button>
        {has(...BUDGET_WRITERS) && <Link to="/budget-status/import">{t('budgetChain.importLink')}</Link>}
      </div>
      <FormMessage error={summaryOf(error, lang)} />
      <QueryView query={status}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('budgetChain.statusEmpty')}</p>
          ) : (
            <>
              <table className="data-table cards" data-testid="budget-status">
                <TableHead
                  columns={[
                    t('common.code'),
                    t('common.item'),
                    t('budget.decision'),
                    { label: t('budgetChain.reflected'), num: true },
                    { label: t('budgetChain.requested'), num: true },
                    { label: t('budgetChain.assessed'), num: true },
                    { label: t('budgetChain.adopted'), num: true },
                  ]}
                />
                <tbody>
                  {list.items.map(({ item, year }) => (
                    <tr key={item.id}>
                      <td data-label={t('common.code')}>{item.code}</td>
                      <td data-label={t('common.item')}>
                        <Link to={`/items/${item.id}/budgets`}>{item.title}</Link>
                      </td>
                      <td data-label={t('budget.decision')}>
                        {year.reflections.map((r) => l(r.decisionLabel)).join(lang === 'ja' ? '、' : ', ') ||
                          '—'}
                      </td>
                      <td className="num" data-label={t('budgetChain.reflected')}>
                        {amount(year.reflected)}
                      </td>
                      <td className="num" data-label={t('budgetChain.requested')}>
                        {amount(year.requested)}
                      </td>
                      <td className="num" data-label={t('budgetChain.assessed')}>
                        {amount(year.assessed)}
                      </td>
                      <td className="num" data-label={t('budgetChain.adopted')}>
                        {amount(year.adopted)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                view={{
                  page,
                  pages: Math.ceil(list.total / BUDGET_STATUS_PAGE),
                  rows: list.items,
                }}
                total={list.total}
                size={BUDGET_STATUS_PAGE}
                onPage={setPage}
              />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
