import { useId, useState } from 'react';
import { download } from '../api/client';
import { usePlanSummary } from '../api/queries';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney, punct } from '../lib/format';
import { Link } from '../router';
import { FormMessage, QueryView } from '../ui';
import { saveBlob } from './AuditPage';
import { PlanChartsPanel, reportPath } from './charts/PlanChartsPanel';
import { PlanTargetsTable } from './PlanTargetsTable';

/**
 * 効果額 (target vs actual, for the year and cumulative) and items per grade, with the 進捗管理表
 * downloads, the link to the printable report and the plan's charts; headed by the plan's name
 * when `planTitle` is given (several plans on one page).
 */
export function PlanTotals({
  planId,
  planTitle,
  fiscalYear,
}: {
  planId: string;
  planTitle?: string;
  fiscalYear: number;
}) {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const titleId = useId();
  const summary = usePlanSummary(planId, fiscalYear);
  return (
    <QueryView query={summary}>
      {(s) => {
        const { year, cumulative } = s.plan;
        const rate = year.achievementRate;
        // No approved actual yet: 「—」 (as the Excel leaves it blank), not 0千円.
        const actualOf = (totals: typeof year) =>
          totals.itemsWithActual > 0 ? formatMoney(totals.actual.net, lang) : '—';
        return (
          <section className="plan-totals" aria-labelledby={titleId} data-testid="plan-totals">
            <h2 id={titleId}>
              {planTitle && <span className="plan-name">{planTitle}</span>}
              {t('totals.title', { fy: formatFiscalYear(fiscalYear, lang) })}
            </h2>
            <dl className="totals">
              <div>
                <dt>{t('totals.target')}</dt>
                <dd data-testid="effect-target">{formatMoney(year.target.net, lang)}</dd>
              </div>
              <div>
                <dt>{t('totals.actual')}</dt>
                <dd data-testid="effect-actual">{actualOf(year)}</dd>
              </div>
              <div>
                <dt>{t('totals.rate')}</dt>
                <dd>{rate === null ? '—' : `${rate}%`}</dd>
              </div>
              <div>
                <dt>{t('totals.cumulative', { from: formatFiscalYear(s.cumulativeFromFy, lang) })}</dt>
                <dd>
                  {actualOf(cumulative)} / {formatMoney(cumulative.target.net, lang)}
                </dd>
              </div>
              <div>
                <dt>{t('totals.grades')}</dt>
                <dd>
                  {s.gradeScale
                    .map(
                      (g) =>
                        `${g.symbol}${punct(lang).paren(l(g.label))}${lang === 'ja' ? '' : ' '}${s.plan.byGrade[g.code] ?? 0}`,
                    )
                    .join(punct(lang).gap)}
                  {`${punct(lang).gap}${t('totals.noGrade')} ${s.plan.byGrade.none ?? 0}`}
                </dd>
              </div>
            </dl>
            <PlanTargetsTable planId={planId} fiscalYear={fiscalYear} />
            {has('auditor', 'hq_approver', 'hq_admin', 'admin') && (
              <ReportDownloads planId={planId} fiscalYear={fiscalYear} />
            )}
            <p>
              <Link to={reportPath(planId, fiscalYear)}>
                {t('charts.report')}
                {/* With several plans on the board, each link says whose report it is. */}
                {planTitle && <span className="visually-hidden">{punct(lang).paren(planTitle)}</span>}
              </Link>
            </p>
            <PlanChartsPanel planId={planId} summary={s} />
          </section>
        );
      }}
    </QueryView>
  );
}

function ReportDownloads({ planId, fiscalYear }: { planId: string; fiscalYear: number }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const get = async (format: 'xlsx' | 'csv', publication: boolean) => {
    setError(null);
    try {
      // Headings in the page's language (one header row).
      const query = `fiscalYear=${fiscalYear}&format=${format}&lang=${lang}${publication ? '&publication=true' : ''}`;
      const blob = await download(`/api/v1/plans/${planId}/progress-report?${query}`);
      const name =
        lang === 'en'
          ? `progress-report_FY${fiscalYear}${publication ? '_public' : ''}`
          : `進捗管理表_${fiscalYear}${publication ? '_公表用' : ''}`;
      saveBlob(blob, `${name}.${format}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="actions">
      <button type="button" onClick={() => get('xlsx', false)}>
        {t('totals.downloadXlsx')}
      </button>
      <button type="button" className="secondary" onClick={() => get('xlsx', true)}>
        {t('totals.downloadPublic')}
      </button>
      <button type="button" className="secondary" onClick={() => get('csv', false)}>
        {t('totals.downloadCsv')}
      </button>
      <FormMessage error={summaryOf(error, lang)} />
    </div>
  );
}
