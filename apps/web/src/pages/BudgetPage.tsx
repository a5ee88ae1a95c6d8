import { useState } from 'react';
import { useBudgetReflections } from '../api/queries';
import { useDecisionLabel } from '../api/settings';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear, formatMoney, formatMoneyDelta } from '../lib/format';
import { TableHead } from '../tables';
import { FilterSelect, PageTitle, QueryView } from '../ui';

export default function BudgetPage() {
  const { t, lang, l } = useI18n();
  const thisYear = new Date().getFullYear();
  const [fy, setFy] = useState(thisYear + 1);
  const rows = useBudgetReflections(fy);
  const decisionLabel = useDecisionLabel();
  return (
    <section>
      <PageTitle>{t('budget.title')}</PageTitle>
      <div className="filters">
        <FilterSelect
          label={t('budget.fy')}
          value={fy}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2]}
          optionLabel={(y) => formatFiscalYear(y, lang)}
          onChange={(v) => setFy(Number(v))}
        />
      </div>
      <QueryView query={rows}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('budget.empty')}</p>
          ) : (
            <table className="data-table">
              <TableHead
                columns={[
                  t('common.code'),
                  t('common.item'),
                  t('budget.source'),
                  t('budget.decision'),
                  { label: t('budget.current'), num: true },
                  { label: t('budget.proposed'), num: true },
                  { label: t('budget.delta'), num: true },
                  t('budget.rule'),
                  t('budget.approval'),
                ]}
              />
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>{r.itemCode}</td>
                    <td>{r.itemTitle}</td>
                    <td>{formatFiscalYear(r.sourceFiscalYear, lang)}</td>
                    <td>{decisionLabel(r.decision)}</td>
                    <td className="num">{formatMoney(r.currentAmount, lang)}</td>
                    <td className="num">{formatMoney(r.proposedAmount, lang)}</td>
                    <td className="num">{formatMoneyDelta(r.delta, lang)}</td>
                    <td>{l(r.ruleDescription)}</td>
                    <td>{r.approvalId ? formatDate(r.createdAt, lang) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
