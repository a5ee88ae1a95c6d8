import { reportFiscalYear } from '@pdca/domain/glossary';
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
 * its title, 令和7年度（2025年度）, the 集計 table of every level and the board's charts, each
 * section on its own page; the app's header and this page's buttons are not printed (styles.css).
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
              <TotalsTable summary={s} />
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
      <p className="report-year">
        {l(reportFiscalYear(summary.fiscalYear))}
        {punct(lang).gap}
        {t('charts.report')}
      </p>
    </header>
  );
}

/** The plan and each node of every level, in plan order, as the 進捗管理表's 集計 sheet lists them. */
function flatten(nodes: readonly NodeRollup[]): NodeRollup[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function TotalsTable({ summary }: { summary: PlanRollup }) {
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
  const rate = (r: number | null) => (r === null ? '—' : `${r}%`);
  const num = (key: string) => ({ label: t(key), num: true });
  // Against the whole plan period (目標値 / 進捗率), when the plan has a last year.
  const period = summary.period;
  return (
    <table className="data-table report-totals">
      <caption className="visually-hidden">{t('planReport.totals')}</caption>
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
            <th scope="row">{name}</th>
            <td className="num">{node.items}</td>
            <td className="num">{money(node.year.target.net)}</td>
            <td className="num">{money(node.year.actual.net)}</td>
            <td className="num">{rate(node.year.achievementRate)}</td>
            <td className="num">{money(node.cumulative.target.net)}</td>
            <td className="num">{money(node.cumulative.actual.net)}</td>
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
