/**
 * A plan file's own 報告頻度 (review cadence) per item and 達成率の算式 (目標達成率 formula) per
 * indicator (#22): stored on import, kept when a later file leaves the columns out, reported and
 * updated when a later file changes them.
 */
import { type ApiTestApp, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;

const HIRATSUKA = 'hiratsuka-2024-2027.tsv';

beforeAll(async () => {
  api = await startApiApp();
  city = await createCityTenant(api, '平塚市', 'cadence');
});

afterAll(async () => {
  await api?.close();
});

/** The Hiratsuka sample with two more columns; `cells` gives item code → [報告頻度, 達成率の算式]. */
function withColumns(cells: Record<string, [string, string]>): Buffer {
  const lines = sample(HIRATSUKA).toString('utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('番号\t'));
  return Buffer.from(
    lines
      .map((line, i) => {
        if (i < header || line.trim() === '') return line;
        if (i === header) return `${line}\t報告頻度\t達成率の算式`;
        const [cadence, formula] = cells[line.split('\t')[0]] ?? ['', ''];
        return `${line}\t${cadence}\t${formula}`;
      })
      .join('\n'),
  );
}

async function stored(code: string): Promise<{ cadence: string | null; formulas: Array<string | null> }> {
  const [item] = await api.dataSource.query(
    'SELECT id, review_cadence FROM items WHERE tenant_id = $1 AND code = $2',
    [city.id, code],
  );
  const indicators = await api.dataSource.query(
    'SELECT achievement_formula FROM indicators WHERE item_id = $1 ORDER BY sort',
    [item.id],
  );
  return {
    cadence: item.review_cadence,
    formulas: indicators.map((i: { achievement_formula: string | null }) => i.achievement_formula),
  };
}

it('stores the cadence and formula a file gives, keeps them when a file is silent, updates them when it changes', async () => {
  const first = await uploadPlan(
    api,
    city.tokens.hqAdmin,
    withColumns({ '1-1': ['半期', '基準値からの進捗'], '3-1': ['年1回', '実績÷目標'] }),
    HIRATSUKA,
  ).expect(201);
  expect(first.body.added).toHaveLength(19);
  expect(await stored('1-1')).toEqual({ cadence: 'half_yearly', formulas: ['progress'] });
  // 3-1 (市税収納率 and a second indicator) has two rows: the formula is set on each.
  expect(await stored('3-1')).toEqual({ cadence: 'yearly', formulas: ['ratio', 'ratio'] });
  expect(await stored('1-2')).toEqual({ cadence: null, formulas: [null] });

  // The sample itself has neither column: nothing changes, nothing is cleared.
  const silent = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(200);
  expect(silent.body).toMatchObject({ added: [], changed: [] });
  expect(await stored('1-1')).toEqual({ cadence: 'half_yearly', formulas: ['progress'] });

  // A change is reported by field and written.
  const changed = await uploadPlan(
    api,
    city.tokens.hqAdmin,
    withColumns({ '1-1': ['年1回', '基準値からの進捗'], '3-1': ['年1回', '基準値からの進捗'] }),
    HIRATSUKA,
  ).expect(200);
  expect(changed.body.changed).toEqual([
    { code: '1-1', fields: ['reviewCadence'] },
    { code: '3-1', fields: ['indicators'] },
  ]);
  expect(await stored('1-1')).toEqual({ cadence: 'yearly', formulas: ['progress'] });
  expect(await stored('3-1')).toEqual({ cadence: 'yearly', formulas: ['progress', 'progress'] });
});

it('names the cell of a cadence or formula it cannot read, writing nothing', async () => {
  const other = await createCityTenant(api, '平塚市', 'cadence-bad');
  const res = await uploadPlan(
    api,
    other.tokens.hqAdmin,
    withColumns({ '1-1': ['週1回', ''], '1-2': ['', '平均'] }),
    HIRATSUKA,
  ).expect(400);
  const rules = res.body.details.map((d: { rule: string }) => d.rule);
  expect(rules).toEqual(expect.arrayContaining(['review_cadence_invalid', 'achievement_formula_invalid']));
  const [count] = await api.dataSource.query('SELECT count(*)::int AS n FROM items WHERE tenant_id = $1', [
    other.id,
  ]);
  expect(count.n).toBe(0);
});
