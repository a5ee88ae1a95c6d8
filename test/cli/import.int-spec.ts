/**
 * `pdca import` (apps/cli/src/commands/import.command.ts), run in-process against the integration
 * database (DATABASE_URL from the global setup): the same import as the API, a readable bilingual
 * report, exit code 1 with every problem listed, 2 for usage errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import { runCli } from '../../apps/cli/src/cli';
import { COMMANDS } from '../../apps/cli/src/commands';
import { UsageError } from '../../apps/cli/src/commands/cli-args';
import { parseImportArgs } from '../../apps/cli/src/commands/import.command';
import { uniqueCode } from '../api/fixtures';
import { SAMPLES } from '../api/plans-fixtures';
import { openDataSource } from '../support/test-worker';

let db: DataSource;
let tenant: { id: string; code: string };
const HIRATSUKA = join(SAMPLES, 'hiratsuka-2024-2027.tsv');

beforeAll(async () => {
  db = await openDataSource();
  const created = await new TenantRepository(db).create({ code: uniqueCode('cli'), name: '平塚市' });
  tenant = { id: created.id, code: created.code };
});

afterAll(async () => {
  await db?.destroy();
});

async function pdca(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, COMMANDS, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

async function counts() {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM plans WHERE tenant_id = $1) AS plans,
            (SELECT count(*) FROM items WHERE tenant_id = $1) AS items,
            (SELECT count(*) FROM indicators WHERE tenant_id = $1) AS indicators`,
    [tenant.id],
  );
  return { plans: Number(row.plans), items: Number(row.items), indicators: Number(row.indicators) };
}

describe('pdca import', () => {
  it('dry run: prints the report and the tree, writes nothing', async () => {
    const res = await pdca('import', HIRATSUKA, '--tenant', tenant.code, '--dry-run');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain(`into tenant ${tenant.code} (平塚市)`);
    expect(res.out).toContain('試行（新規作成の予定）/ dry run: would be created');
    expect(res.out).toContain(
      '件数 / Counts: 目標 goals 2, テーマ themes 4, 改革項目 items 19, 指標 indicators 20',
    );
    expect(res.out).toContain('計画ツリー / Plan tree:');
    expect(res.out).toContain('      1-1 窓口サービスのDX推進 [added, 窓口・デジタルWG, 1 指標]');
    expect(await counts()).toEqual({ plans: 0, items: 0, indicators: 0 });
  });

  it('imports a sample, then re-importing it changes nothing', async () => {
    const first = await pdca('import', HIRATSUKA, `--tenant=${tenant.code}`);
    expect(first.code).toBe(0);
    expect(first.out).toContain('計画 / Plan: 平塚市行財政改革計画（2024-2027）');
    expect(first.out).toContain('状態 / Status: 新規作成 / created');
    expect(first.out).toContain('追加 / Added (19): 1-1, 1-2, 2-1');
    expect(first.out).toContain('期間 / Period: FY2024–FY2027');
    expect(await counts()).toEqual({ plans: 1, items: 19, indicators: 20 });

    const again = await pdca('import', HIRATSUKA, '--tenant', tenant.code, '--json');
    expect(again.code).toBe(0);
    const report = JSON.parse(again.out.slice(again.out.indexOf('{')));
    expect(report).toMatchObject({ planCreated: false, added: [], changed: [], removed: [] });
    expect(report.unchanged).toHaveLength(19);
    expect(await counts()).toEqual({ plans: 1, items: 19, indicators: 20 });
  });

  it('imports a Shift_JIS CSV and an .xlsx with options', async () => {
    const csv = await pdca(
      'import',
      join(SAMPLES, 'takarazuka-dx-2023.csv'),
      '--tenant',
      tenant.code,
      '--encoding',
      'shift_jis',
    );
    expect(csv.code).toBe(0);
    // 11 actions and 4 rows naming a 目指す姿 reached only through 再掲.
    expect(csv.out).toContain('(csv, shift_jis; 15 data rows)');
    const xlsx = await pdca(
      'import',
      join(SAMPLES, 'gyoda-2022.xlsx'),
      '--tenant',
      tenant.code,
      '--plan-title',
      '行田市の計画（CLI）',
      '--period',
      '2022-2026',
    );
    expect(xlsx.code).toBe(0);
    expect(xlsx.out).toContain('計画 / Plan: 行田市の計画（CLI）');
    expect(xlsx.out).toContain('期間 / Period: FY2022–FY2026');
  });

  it('exits 1 listing every problem (row, column, both languages) and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdca-cli-'));
    const file = join(dir, 'broken.tsv');
    writeFileSync(
      file,
      [
        '# plan: 壊れた計画',
        '番号\t目標\t実施計画事業\t指標\t目標値\t方向',
        '1\t目標1 A\t項目\t件数\tたくさん\t上',
        '2\t目標1 A\t\t件数\t1\t良い',
      ].join('\n'),
    );
    const before = await counts();
    const res = await pdca('import', file, '--tenant', tenant.code);
    expect(res.code).toBe(1);
    expect(res.err).toContain('has 3 problems; nothing was imported.');
    expect(res.err).toContain('ファイルに3件の問題があります。取込は行っていません。');
    expect(res.err).toMatch(/行 3 \/ row 3, 列「目標値」\/ column "目標値" \[not_a_number\]/);
    expect(res.err).toMatch(/行 4 \/ row 4, 列「実施計画事業」.*\[required\]/);
    expect(res.err).toMatch(/行 4 \/ row 4, 列「方向」.*\[direction_invalid\]/);
    expect(await counts()).toEqual(before);
  });

  it('exits 1 with a clear message when the tenant does not exist', async () => {
    const res = await pdca('import', HIRATSUKA, '--tenant', 'no-such-city');
    expect(res.code).toBe(1);
    expect(res.err).toContain('tenant "no-such-city" does not exist');
    expect(res.err).toContain(tenant.code);
  });

  it.each([
    [[], 'name the file to import'],
    [['a.csv', 'b.csv'], 'one file at a time'],
    [['--tenant'], '--tenant needs a value'],
    [['x.csv', '--format', 'pdf'], '--format must be one of csv, tsv, json, xlsx'],
    [['x.csv', '--period', '2027-2024'], '--period must look like 2024-2027'],
    [['x.csv', '--mapping', '{bad'], '--mapping must be a JSON object'],
    [['x.csv', '--bogus'], 'unknown option --bogus'],
    [['/no/such/file.csv', '--tenant', 'x'], 'cannot read "/no/such/file.csv"'],
  ])('exits 2 for %j', async (args, message) => {
    const res = await pdca('import', ...args);
    expect(res.code).toBe(2);
    expect(res.err).toContain(message);
  });

  it('is listed in `pdca help` with its details', async () => {
    const help = await pdca('help', 'import');
    expect(help.code).toBe(0);
    expect(help.out).toContain('pdca import FILE [--tenant CODE] [--dry-run]');
    expect(help.out).toContain('Exit codes: 0 imported');
  });
});

describe('parseImportArgs', () => {
  it('reads every option in both spellings', () => {
    expect(
      parseImportArgs([
        'plan.xlsx',
        '--tenant=hiratsuka',
        '--dry-run',
        '--format',
        'xlsx',
        '--encoding=utf-8',
        '--plan-title',
        ' 計画 ',
        '--period=2024～2027',
        '--mapping',
        '{"改革項目":"code"}',
        '--json',
      ]),
    ).toEqual({
      file: 'plan.xlsx',
      tenant: 'hiratsuka',
      dryRun: true,
      format: 'xlsx',
      encoding: 'utf-8',
      planTitle: '計画',
      periodStartFy: 2024,
      periodEndFy: 2027,
      mapping: { 改革項目: 'code' },
      json: true,
    });
    expect(() => parseImportArgs(['a', '--dry-run=yes'])).toThrow(UsageError);
  });
});
