import { useId } from 'react';
import { type PlanTarget, usePlanTargets } from '../api/targets';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatPercent, type Lang, punct } from '../lib/format';
import { TableHead } from '../tables';

/** A figure with its unit, in the page's number format; — when there is none. */
export function targetValue(n: number | null, unit: string, lang: Lang): string {
  if (n === null) return '—';
  return `${new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n)}${unit ? ` ${unit}` : ''}`;
}

/**
 * 主要目標 on the board (#24): the plan's and its nodes' own indicators with the whole-period target
 * (目標値（計画期間）), each year's actual, 累計 (the latest actual for a stock such as 経常収支比率),
 * 進捗率 and where the latest figure comes from. Nothing when the plan has no indicators of its own.
 */
export function PlanTargetsTable({ planId, fiscalYear }: { planId: string; fiscalYear: number }) {
  const { t, lang, l } = useI18n();
  const titleId = useId();
  const targets = usePlanTargets(planId, fiscalYear);
  // Indicators still without a target or an actual are only counted: the table is about progress.
  const all = targets.data?.indicators ?? [];
  const list = all.filter((i) => i.periodTarget !== null || i.years.some((y) => y.actual !== null));
  if (list.length === 0) return null;
  const unset = all.length - list.length;
  const years = list[0]!.years.map((y) => y.fiscalYear);
  const owner = (i: PlanTarget) =>
    i.node ? `${l(i.node.levelName)} ${i.node.code}` : t('targets.wholePlan');
  const sourceOf = (i: PlanTarget) => {
    const latest = i.years.find((y) => y.fiscalYear === i.cumulativeFiscalYear);
    if (!latest?.source) return '—';
    return latest.asOf
      ? `${latest.source}${punct(lang).paren(t('targets.asOfDate', { date: latest.asOf }))}`
      : latest.source;
  };
  return (
    <section className="plan-targets" aria-labelledby={titleId} data-testid="plan-targets">
      <h3 id={titleId}>{t('targets.title')}</h3>
      <table className="data-table plan-targets-table">
        <caption className="visually-hidden">
          {t('targets.caption', { fy: formatFiscalYear(fiscalYear, lang) })}
        </caption>
        <TableHead
          columns={[
            t('targets.owner'),
            t('targets.indicator'),
            { label: t('targets.periodTarget'), num: true },
            ...years.map((fy) => ({
              label: t('targets.actualOf', { fy: formatFiscalYear(fy, lang) }),
              num: true,
            })),
            { label: t('targets.cumulative'), num: true },
            { label: t('targets.progress'), num: true },
            t('targets.source'),
          ]}
        />
        <tbody>
          {list.map((i) => (
            <tr key={i.id} data-testid="plan-target" data-indicator={i.name}>
              <td>{owner(i)}</td>
              <th scope="row">{i.name}</th>
              <td className="num">
                {targetValue(i.periodTarget, i.unit, lang)}
                {i.periodTargetDerived && <span className="hint"> {t('targets.derived')}</span>}
              </td>
              {i.years.map((y) => (
                <td className="num" key={y.fiscalYear}>
                  {targetValue(y.actual, i.unit, lang)}
                </td>
              ))}
              <td className="num" data-testid="target-cumulative">
                {targetValue(i.cumulative, i.unit, lang)}
                {i.accumulation === 'latest' && i.cumulative !== null && (
                  <span className="hint"> {t('targets.latest')}</span>
                )}
              </td>
              <td className="num" data-testid="target-progress">
                {i.progressRate === null ? '—' : formatPercent(i.progressRate)}
              </td>
              <td>{sourceOf(i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unset > 0 && <p className="hint">{t('targets.unset', { n: unset })}</p>}
    </section>
  );
}
