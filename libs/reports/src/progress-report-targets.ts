/**
 * The 進捗管理表's 主要目標 sheet: the plan's and its nodes' own indicators (#24), one row each, with
 * where it sits (the plan's level name, code and title), the whole-period target, each year's target
 * and actual side by side, 累計 (or the latest actual, for a stock), 進捗率 and the 出典・時点 of the
 * latest actual. Headings in the report's language only.
 */
import { GLOSSARY, TARGET_ACCUMULATION_LABELS } from '@pdca/domain';
import type { ReportPlanTarget } from '@pdca/persistence/repositories/plan-target.repository';
import type { CellValue, ColumnKind, ReportLang } from './progress-report-columns';

export interface TargetColumn {
  readonly ja: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly width: number;
  readonly value: (target: ReportPlanTarget) => CellValue;
}

export const PLAN_TARGETS_SHEET = { ja: '主要目標', en: 'Plan targets' } as const;

const DIRECTION = {
  higher_is_better: { ja: '高いほど良い', en: 'higher is better' },
  lower_is_better: { ja: '低いほど良い', en: 'lower is better' },
} as const;

/** The fiscal years the sheet shows: those of the targets' period (each target carries all of them). */
function yearsOf(targets: readonly ReportPlanTarget[]): number[] {
  return (targets[0]?.years ?? []).map((y) => y.fiscalYear);
}

/** 「決算カード（2026-03-31時点）」: the latest actual's source and date. */
function sourceOf(target: ReportPlanTarget, lang: ReportLang): string {
  const latest = target.years.find((y) => y.fiscalYear === target.cumulativeFiscalYear);
  if (!latest?.source) return '';
  if (!latest.asOf) return latest.source;
  return lang === 'ja' ? `${latest.source}（${latest.asOf}時点）` : `${latest.source} (as of ${latest.asOf})`;
}

export function planTargetColumns(targets: readonly ReportPlanTarget[], lang: ReportLang): TargetColumn[] {
  const text = (ja: string, en: string, width: number, value: TargetColumn['value']): TargetColumn => ({
    ja,
    en,
    kind: 'text',
    width,
    value,
  });
  const number = (ja: string, en: string, value: TargetColumn['value']): TargetColumn => ({
    ja,
    en,
    kind: 'number',
    width: 12,
    value,
  });
  const yearColumns = yearsOf(targets).flatMap((fy) => [
    number(
      `${fy}年度 目標`,
      `FY${fy} target`,
      (t) => t.years.find((y) => y.fiscalYear === fy)?.target ?? null,
    ),
    number(
      `${fy}年度 実績`,
      `FY${fy} actual`,
      (t) => t.years.find((y) => y.fiscalYear === fy)?.actual ?? null,
    ),
  ]);
  return [
    text('所属', 'Belongs to', 36, (t) =>
      t.node
        ? `${t.node.levelName[lang]} ${t.node.code} ${t.node.title}`
        : lang === 'ja'
          ? '計画全体'
          : 'The plan',
    ),
    text('指標', 'Indicator', 36, (t) => t.name),
    text('単位', 'Unit', 8, (t) => t.unit),
    text('方向', 'Direction', 12, (t) => DIRECTION[t.direction][lang]),
    text('集計方法', 'Accumulation', 18, (t) => TARGET_ACCUMULATION_LABELS[t.accumulation][lang]),
    number(GLOSSARY.baseline.ja, GLOSSARY.baseline.en, (t) => t.baseline),
    number('目標値（計画期間）', 'Whole-period target', (t) => t.periodTarget),
    ...yearColumns,
    number('累計', 'Cumulative', (t) => t.cumulative),
    { ja: '進捗率', en: 'Progress', kind: 'percent', width: 10, value: (t) => t.progressRate },
    text('出典・時点', 'Source and date', 30, (t) => sourceOf(t, lang)),
  ];
}
