import type { PlanImportReport } from '../api/client';
import type { Lang } from './format';

/**
 * What an imported plan holds, level by level in the plan's own words (基本方針 3件・改革項目 8件,
 * or 柱 4件・改革 8件・取組項目 20件), then its indicators: a two-level plan has no テーマ to count.
 */
export function planCountsText(report: Pick<PlanImportReport, 'levels' | 'counts'>, lang: Lang): string {
  const { counts, levels } = report;
  const perLevel = levels.map((level, i) => ({
    name: level[lang],
    count: i === levels.length - 1 ? counts.items : (counts.levels[i] ?? 0),
  }));
  const indicators = counts.indicators + counts.nodeIndicators;
  return lang === 'ja'
    ? [...perLevel.map((l) => `${l.name} ${l.count}件`), `指標 ${indicators}件`].join('・')
    : [...perLevel.map((l) => `${l.name}: ${l.count}`), `indicators: ${indicators}`].join(', ');
}
