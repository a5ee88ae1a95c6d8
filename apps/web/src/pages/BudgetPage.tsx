import { useState } from 'react';
import { ACT_DECISION_LABELS } from '../../../../libs/domain/src/stages';
import { useBudgetReflections } from '../api/queries';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear, formatMoney, formatMoneyDelta } from '../lib/format';
import { PageTitle, QueryView } from '../ui';

export default function BudgetPage() {
  const { t, lang, l } = useI18n();
  const thisYear = new Date().getFullYear();
  const [fy, setFy] = useState(thisYear + 1);
  const rows = useBudgetReflections(fy);
  return (
    <section>
      <PageTitle>{t('budget.title')}</PageTitle>
      <div className="filters">
        <label>
          {t('budget.fy')}
          <select value={fy} onChange={(e) => setFy(Number(e.target.value))}>
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
              <option key={y} value={y}>
                {formatFiscalYear(y, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView query={rows}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('budget.empty')}</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('common.code')}</th>
                  <th scope="col">{t('common.item')}</th>
                  <th scope="col">{t('budget.source')}</th>
                  <th scope="col">{t('budget.decision')}</th>
                  <th scope="col" className="num">
                    {t('budget.current')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.proposed')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.delta')}
                  </th>
                  <th scope="col">{t('budget.rule')}</th>
                  <th scope="col">{t('budget.approval')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>{r.itemCode}</td>
                    <td>{r.itemTitle}</td>
                    <td>{formatFiscalYear(r.sourceFiscalYear, lang)}</td>
                    <td>{l(ACT_DECISION_LABELS[r.decision])}</td>
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
