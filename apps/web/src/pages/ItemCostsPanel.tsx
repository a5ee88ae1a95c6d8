// The item's costs per fiscal year (#26): 事業区分, then each year's 見込 and 実績 — 事業費, 人工,
// 人件費, フルコスト and 財源内訳 — as stored, each with the 人件費単価 it was computed with.

import { useItemCosts } from '../forms/CostFields';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney } from '../lib/format';
import { TableHead } from '../tables';
import { QueryView } from '../ui';

export function ItemCostsPanel({ itemId }: { itemId: string }) {
  const { t, l, lang } = useI18n();
  const costs = useItemCosts(itemId);
  const money = (v: number | null) => (v === null ? '—' : formatMoney(v, lang));
  const columns = [
    t('common.fiscalYear'),
    t('costs.basis'),
    t('costs.projectCostShort'),
    t('costs.staffFteShort'),
    t('costs.staffCostShort'),
    t('costs.fullCostShort'),
    t('costs.fundingGeneralShort'),
    t('costs.fundingNationalPrefecturalShort'),
    t('costs.fundingOtherShort'),
  ];
  return (
    <section aria-labelledby="item-costs-title" data-testid="item-costs">
      <h3 id="item-costs-title">{t('costs.itemTitle')}</h3>
      <QueryView query={costs}>
        {(data) => (
          <>
            <p>
              {t('costs.projectKind')}
              {lang === 'ja' ? '：' : ': '}
              {data.projectKindLabel ? l(data.projectKindLabel) : '—'}
            </p>
            {data.years.length === 0 ? (
              <p>{t('costs.none')}</p>
            ) : (
              <table className="data-table cards">
                <TableHead columns={columns} />
                <tbody>
                  {data.years.flatMap((year) =>
                    (['estimate', 'actual'] as const).flatMap((basis) => {
                      const c = year[basis];
                      if (!c) return [];
                      return [
                        <tr key={`${year.fiscalYear}-${basis}`}>
                          <th scope="row">{formatFiscalYear(year.fiscalYear, lang)}</th>
                          <td data-label={columns[1]}>{t(`costs.${basis}`)}</td>
                          {[
                            money(c.projectCost),
                            String(c.staffFte),
                            <>
                              {money(c.staffCost)}
                              <br />
                              <small>{t('costs.unitCostUsed', { unit: money(c.unitCost) })}</small>
                            </>,
                            money(c.fullCost),
                            money(c.fundingGeneral),
                            money(c.fundingNationalPrefectural),
                            money(c.fundingOther),
                          ].map((cell, n) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
                            <td key={n} data-label={columns[n + 2]} className="num">
                              {cell}
                            </td>
                          ))}
                        </tr>,
                      ];
                    }),
                  )}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
