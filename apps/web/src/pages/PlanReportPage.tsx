import { reportFiscalYear } from '@pdca/domain/glossary';
import { useEffect } from 'react';
import { type PlanRollup, usePlanSummary } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatMoney, punct } from '../lib/format';
import { fiscalYearNow } from '../lib/working-year';
import { Link, useLocation } from '../router';
import { TableHead } from '../tables';
import { PageTitle, QueryView } from '../ui';
import type { NodeRollup } from './charts/chart-data';
import { PlanChartsPanel } from './charts/PlanChartsPanel';

/**
 * A plan's report for one fiscal year, to print on A4 from the browser (the PDF a city posts):
 * its title, 令和7年度（2025年度） 取組状況レポート, the 集計 table of every level and the board's
 * charts, each section on its own page; the app's header and this page's buttons are not printed
 * (styles.css). The document's title names the plan and year too: the PDF and its tab are named so.
 */
export default function PlanReportPage({ planId }: { planId: string }) {
  const { t, l } = useI18n();
  const { query } = useLocation();
  const asked = Number(query.get('fiscalYear'));
  const fiscalYear = Number.isInteger(asked) && asked > 0 ? asked : fiscalYearNow();
  const summary = usePlanSummary(planId, fiscalYear);
  return (
    <article className="plan-report" data-testid="plan-report">
      <QueryView query={summary}>
        {(s) => (
          <>
            <ReportHeader summary={s} />
            <section
              className="report-section"
              aria-labelledby="report-totals-title"
              data-testid="report-totals"
            >
              <h2 id="report-totals-title">{t('planReport.totals')}</h2>
              {s.period && (
                <p>
                  {t('planReport.period', {
                    from: l(reportFiscalYear(s.period.fromFy)),
                    to: l(reportFiscalYear(s.period.toFy)),
                  })}
                </p>
              )}
              <TotalsTable summary={s} labelledBy="report-totals-title" />
            </section>
            <section className="report-section" aria-labelledby="report-charts">
              <h2 id="report-charts">{t('planReport.charts')}</h2>
              <PlanChartsPanel planId={planId} summary={s} />
            </section>
          </>
        )}
      </QueryView>
    </article>
  );
}

function ReportHeader({ summary }: { summary: PlanRollup }) {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const year = `${l(reportFiscalYear(summary.fiscalYear))}${punct(lang).gap}${t('planReport.kind')}`;
  useEffect(() => {
    const before = document.title;
    document.title = `${summary.planTitle}${punct(lang).gap}${year}`;
    return () => {
      document.title = before;
    };
  }, [summary.planTitle, year, lang]);
  return (
    <header className="report-header">
      <div className="actions no-print">
        {has('hq_admin', 'hq_approver', 'admin', 'auditor') && (
          <Link to="/board">{t('planReport.back')}</Link>
        )}
        <button type="button" onClick={() => window.print()}>
          {t('planReport.print')}
        </button>
      </div>
      <PageTitle>{summary.planTitle}</PageTitle>
      <p className="report-year">{year}</p>
    </header>
  );
}

/** The plan and each node of every level, in plan order, as the 進捗管理表's 集計 sheet lists them. */
function flatten(nodes: readonly NodeRollup[]): NodeRollup[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function TotalsTable({ summary, labelledBy }: { summary: PlanRollup; labelledBy: string }) {
  const { t, lang, l } = useI18n();
  const rows: Array<{ key: string; level: string; name: string; node: PlanRollup['plan'] }> = [
    { key: '', level: t('planReport.plan'), name: summary.planTitle, node: summary.plan },
    ...flatten(summary.nodes).map((n) => ({
      key: `${n.level}-${n.code}`,
      level: l(summary.levels[n.level - 1]) || l(n.levelName),
      name: `${n.code} ${n.title}`,
      node: n,
    })),
  ];
  const money = (yen: number) => formatMoney(yen, lang);
  // No approved actual in the year (or so far): 「—」, as the Excel leaves the cell blank.
  const actualOf = (totals: { actual: { net: number }; itemsWithActual: number }) =>
    totals.itemsWithActual > 0 ? money(totals.actual.net) : '—';
  const rate = (r: number | null) => (r === null ? '—' : `${r}%`);
  const num = (key: string) => ({ label: t(key), num: true });
  // Against the whole plan period (目標値 / 進捗率), when the plan has a last year.
  const period = summary.period;
  return (
    // Named by the section's heading: one 「集計」 on the page and on paper.
    <table className="data-table report-totals" aria-labelledby={labelledBy}>
      <TableHead
        columns={[
          t('planReport.level'),
          t('planReport.name'),
          num('planReport.items'),
          num('planReport.target'),
          num('planReport.actual'),
          num('planReport.rate'),
          num('planReport.cumTarget'),
          num('planReport.cumActual'),
          ...(period ? [num('planReport.periodTarget'), num('planReport.periodRate')] : []),
        ]}
      />
      <tbody>
        {rows.map(({ key, level, name, node }) => (
          <tr key={key}>
            <td className="nowrap">{level}</td>
            <th scope="row" className="report-name">
              {name}
            </th>
            <td className="num">{node.items}</td>
            <td className="num">{money(node.year.target.net)}</td>
            <td className="num">{actualOf(node.year)}</td>
            <td className="num">{rate(node.year.achievementRate)}</td>
            <td className="num">{money(node.cumulative.target.net)}</td>
            <td className="num">{actualOf(node.cumulative)}</td>
            {period && (
              <>
                <td className="num">{node.period ? money(node.period.target.net) : '—'}</td>
                <td className="num">{rate(node.period?.achievementRate ?? null)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
