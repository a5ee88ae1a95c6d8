/**
 * The bench plan's figures and the bulk insert the report fixture writes them with (one statement
 * per table through jsonb_to_recordset).
 */
import { achievementRate } from '@pdca/domain';
import type { DataSource } from 'typeorm';

export const REPORT_PERIOD = { fromFy: 2024, toFy: 2027 } as const;
/** The year the reports are asked for: the last one with an approved evaluation. */
export const REPORT_FY = 2026;
export const DECIDED_YEARS = [2024, 2025];
export const YEARS_RUN = [2024, 2025, 2026];

/** Inserts `rows` (objects of the given columns) in one statement through jsonb_to_recordset. */
export async function insertRows(
  db: DataSource,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const names = Object.keys(columns);
  const types = names.map((name) => `${name} ${columns[name]}`).join(', ');
  for (let at = 0; at < rows.length; at += 500) {
    await db.query(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${types})`,
      [JSON.stringify(rows.slice(at, at + 500))],
    );
  }
}

/** The three indicators: 電子申請率 (up from 20), 窓口平均待ち時間 (down from 30), オンライン手続数 (up from 10). */
export const INDICATORS = [
  {
    name: '電子申請率',
    unit: '%',
    baseline: 20,
    direction: 'higher_is_better',
    target: (y: number) => 30 + y * 10,
  },
  {
    name: '窓口平均待ち時間',
    unit: '分',
    baseline: 30,
    direction: 'lower_is_better',
    target: (y: number) => 25 - y * 3,
  },
  {
    name: 'オンライン手続数',
    unit: '手続',
    baseline: 10,
    direction: 'higher_is_better',
    target: (y: number) => 12 + y * 5,
  },
] as const;
export const targetOf = (k: number, fy: number) => INDICATORS[k]!.target(fy - REPORT_PERIOD.fromFy);
/** A little better than the target every year. */
export const actualOf = (k: number, fy: number) =>
  targetOf(k, fy) + (INDICATORS[k]!.direction === 'lower_is_better' ? -1 : 2);

export const effect = (n: number, fy: number) => ({
  spendingReduction: 2_000_000 + ((n * 7919 + fy) % 1000) * 1000,
  revenueGain: 300_000,
  cost: 500_000,
});

/** The evaluation's result for indicator `k` in `fy`: its 目標達成率 by 実績÷目標 (目標÷実績 when lower is better). */
export function resultOf(k: number, fy: number) {
  const { direction, baseline } = INDICATORS[k]!;
  const target = targetOf(k, fy);
  const actual = actualOf(k, fy);
  const computed = achievementRate({ target, actual, baseline, direction, formula: 'ratio' });
  return {
    direction,
    target,
    actual,
    achievementRate: computed.rate,
    formula: computed.rate === null ? null : computed.formula,
  };
}
