/**
 * POST /api/v1/plans/import against the real stack: every sample imports with its counts, problems
 * in several rows are all reported and nothing is written, re-imports are idempotent, encodings
 * import identically, damaged files are 400 (never 500), dry runs write nothing, a failure inside
 * the transaction leaves nothing behind, and running cycles are never touched.
 */
import iconv from 'iconv-lite';
import { asOwner } from '../support/owner-database';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import {
  type CityTenant,
  createCityTenant,
  NO_ROWS,
  postPlanBody,
  rowCounts,
  SAMPLE_COUNTS,
  sample,
  uploadPlan,
} from './plans-fixtures';

let api: ApiTestApp;

beforeAll(async () => {
  // Every test signs in the users of its own city: more logins than one address may usually make.
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
});

afterAll(async () => {
  await api?.close();
});

const HIRATSUKA = 'hiratsuka-2024-2027.tsv';
const HIRATSUKA_CODES = [
  '1-1',
  '1-2',
  '2-1',
  '2-2',
  '2-3',
  '2-4',
  '2-5',
  '2-6',
  '3-1',
  '3-2',
  '3-3',
  '3-4',
  '3-5',
  '3-6',
  '3-7',
  '4-1',
  '4-2',
  '4-3',
  '4-4',
];

/** The Hiratsuka TSV as lines, to edit cells (line n of the file is lines[n - 1]). */
function hiratsukaLines(): string[][] {
  return sample(HIRATSUKA)
    .toString('utf8')
    .split('\n')
    .map((line) => line.split('\t'));
}

function tsv(lines: string[][]): Buffer {
  return Buffer.from(lines.map((cells) => cells.join('\t')).join('\n'), 'utf8');
}

/** Line (1-based) of the item with this code. */
function lineOf(lines: string[][], code: string): number {
  return lines.findIndex((cells) => cells[0] === code) + 1;
}

const COL = { title: 3, indicator: 6, target: 9, direction: 10, budget: 11 };

async function itemsByCode(
  tenantId: string,
): Promise<Map<string, { id: string; title: string; updated_at: Date }>> {
  const rows = await api.dataSource.query(
    'SELECT id, code, title, updated_at FROM items WHERE tenant_id = $1',
    [tenantId],
  );
  return new Map(rows.map((r: { code: string }) => [r.code, r]));
}

describe('each sample file', () => {
  it.each(SAMPLE_COUNTS)(
    'imports $file cleanly: $goals goals, $themes themes, $items items',
    async (expected) => {
      const city = await createCityTenant(api, expected.city);
      const res = await uploadPlan(api, city.tokens.hqAdmin, sample(expected.file), expected.file).expect(
        201,
      );

      expect(res.body).toMatchObject({
        planId: expect.any(String),
        planCreated: true,
        dryRun: false,
        counts: {
          goals: expected.goals,
          themes: expected.themes,
          items: expected.items,
          indicators: expected.indicators,
          nodeIndicators: expected.nodeIndicators,
        },
        levelsFromFile: true,
        changed: [],
        unchanged: [],
        removed: [],
      });
      expect(res.body.added).toHaveLength(expected.items);
      expect(res.body.warnings.filter((w: { rule: string }) => w.rule !== 'code_auto_assigned')).toEqual([]);
      expect(res.body.levels.map((l: { ja: string }) => l.ja)).toEqual(expected.levels);
      expect(await rowCounts(api, city.id)).toMatchObject({
        plans: 1,
        nodes: expected.goals + expected.themes,
        items: expected.items,
        indicators: expected.indicators + expected.nodeIndicators,
      });

      const tree = await api
        .http()
        .get(`/api/v1/plans/${res.body.planId}`)
        .set(bearer(city.tokens.auditor))
        .expect(200);
      expect(tree.body.counts).toMatchObject({
        goals: expected.goals,
        themes: expected.themes,
        items: expected.items,
        indicators: expected.indicators,
        nodeIndicators: expected.nodeIndicators,
      });
      expect(tree.body.levels.map((l: { name: { ja: string } }) => l.name.ja)).toEqual(expected.levels);
      expect(tree.body.unassignedItems).toEqual([]);
    },
  );

  it('stores Hiratsuka’s targets per fiscal year, direction, budget in yen and working groups without leader', async () => {
    const city = await createCityTenant(api, '平塚市');
    const res = await uploadPlan(api, city.tokens.admin, sample(HIRATSUKA), HIRATSUKA).expect(201);
    const [item] = await api.dataSource.query(
      `SELECT i.budget_current_amount, i.summary, wg.name AS wg, wg.leader_user_id,
              n.name, n.unit, n.baseline, n.direction, n.targets, t.code AS theme, g.code AS goal
       FROM items i JOIN indicators n ON n.item_id = i.id JOIN working_groups wg ON wg.id = i.working_group_id
       JOIN plan_nodes t ON t.id = i.theme_id JOIN plan_nodes g ON g.id = t.parent_id
       WHERE i.tenant_id = $1 AND i.code = '1-1'`,
      [city.id],
    );
    expect(item).toMatchObject({
      budget_current_amount: '12000000',
      wg: '窓口・デジタルWG',
      leader_user_id: null,
      name: '「書かない窓口」対応手続数',
      unit: '手続',
      baseline: '10',
      direction: 'higher_is_better',
      targets: { '2027': 60 },
      theme: '改革テーマ1',
      goal: '目標1',
    });
    expect(item.summary).toContain('書かない');
    expect(res.body.workingGroupsCreated).toEqual(expect.arrayContaining(['窓口・デジタルWG', '業務改革WG']));
  });
});

describe('re-import', () => {
  let city: CityTenant;

  beforeAll(async () => {
    city = await createCityTenant(api, '平塚市');
    await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(201);
  });

  it('of the same file changes nothing: every item unchanged, same rows, same ids', async () => {
    const before = await rowCounts(api, city.id);
    const itemsBefore = await itemsByCode(city.id);
    const res = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(200);
    expect(res.body).toMatchObject({
      planCreated: false,
      added: [],
      changed: [],
      unchanged: HIRATSUKA_CODES,
      removed: [],
      workingGroupsCreated: [],
    });
    expect(await rowCounts(api, city.id)).toEqual(before);
    const itemsAfter = await itemsByCode(city.id);
    for (const [code, item] of itemsBefore) expect(itemsAfter.get(code)).toEqual(item);
  });

  it('in Shift_JIS, with a BOM, or as CRLF imports identically', async () => {
    const text = sample(HIRATSUKA).toString('utf8');
    const variants: Array<[string, Buffer, string]> = [
      ['shift_jis', iconv.encode(text, 'cp932'), 'shift_jis'],
      ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample(HIRATSUKA)]), 'utf-8-bom'],
      ['crlf', Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'), 'utf-8'],
    ];
    const before = await rowCounts(api, city.id);
    for (const [name, bytes, encoding] of variants) {
      const res = await uploadPlan(api, city.tokens.hqAdmin, bytes, HIRATSUKA);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect({ name, ...res.body }).toMatchObject({
        name,
        source: { encoding },
        added: [],
        changed: [],
        unchanged: HIRATSUKA_CODES,
      });
    }
    expect(await rowCounts(api, city.id)).toEqual(before);
  });

  it('of an edited file updates items by code in place and reports added, changed, unchanged, removed', async () => {
    const lines = hiratsukaLines();
    lines[lineOf(lines, '1-1') - 1][COL.title] = '窓口サービスのDX推進（改）';
    lines[lineOf(lines, '1-2') - 1][COL.target] = '45';
    lines[lineOf(lines, '2-1') - 1][COL.budget] = '9,000';
    const removedLine = lineOf(lines, '4-4');
    const added = [...lines[removedLine - 1]];
    added[0] = '4-5';
    added[COL.title] = '新しい改革項目';
    lines.splice(removedLine - 1, 1, added);
    const itemsBefore = await itemsByCode(city.id);
    const [indicatorBefore] = await api.dataSource.query(
      `SELECT n.id FROM indicators n JOIN items i ON i.id = n.item_id WHERE i.tenant_id = $1 AND i.code = '1-2'`,
      [city.id],
    );

    const res = await uploadPlan(api, city.tokens.hqAdmin, tsv(lines), HIRATSUKA).expect(200);
    expect(res.body.added).toEqual(['4-5']);
    expect(res.body.changed).toEqual([
      { code: '1-1', fields: ['title'] },
      { code: '1-2', fields: ['indicators'] },
      { code: '2-1', fields: ['budgetAmount'] },
    ]);
    expect(res.body.removed).toEqual(['4-4']);
    expect(res.body.unchanged).toHaveLength(15);

    const itemsAfter = await itemsByCode(city.id);
    expect(itemsAfter.get('1-1')).toMatchObject({
      id: itemsBefore.get('1-1')!.id,
      title: '窓口サービスのDX推進（改）',
    });
    // Not in the file any more: reported, kept (it may have cycles).
    expect(itemsAfter.get('4-4')).toEqual(itemsBefore.get('4-4'));
    const [indicatorAfter] = await api.dataSource.query(
      `SELECT n.id, n.targets FROM indicators n JOIN items i ON i.id = n.item_id WHERE i.tenant_id = $1 AND i.code = '1-2'`,
      [city.id],
    );
    expect(indicatorAfter).toEqual({ id: indicatorBefore.id, targets: { '2027': 45 } });
    const [budget] = await api.dataSource.query(
      `SELECT budget_current_amount FROM items WHERE tenant_id = $1 AND code = '2-1'`,
      [city.id],
    );
    expect(budget.budget_current_amount).toBe('9000000');

    // …and importing that edited file once more is a no-op.
    const again = await uploadPlan(api, city.tokens.hqAdmin, tsv(lines), HIRATSUKA).expect(200);
    expect(again.body).toMatchObject({ added: [], changed: [], removed: ['4-4'] });
    expect(again.body.unchanged).toHaveLength(19);
  });
});

describe('items with running cycles', () => {
  it('keep their cycle and the indicators their cycle may use', async () => {
    const city = await createCityTenant(api, '平塚市');
    await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(201);
    const item = (await itemsByCode(city.id)).get('1-1')!;
    await api.dataSource.query(
      `INSERT INTO cycles (id, tenant_id, item_id, fiscal_year, workflow_id, stage, status, started_at)
       VALUES (gen_random_uuid(), $1, $2, 2026, $3, 'DO', 'awaiting_submission', now())`,
      [city.id, item.id, `pdca/${city.code}/${item.id}/2026`],
    );
    const [cycleBefore] = await api.dataSource.query('SELECT * FROM cycles WHERE item_id = $1', [item.id]);

    const lines = hiratsukaLines();
    lines[lineOf(lines, '1-1') - 1][COL.indicator] = '電子申請の対象手続数';
    lines[lineOf(lines, '1-1') - 1][COL.title] = '窓口サービスのDX推進（第2版）';
    const res = await uploadPlan(api, city.tokens.hqAdmin, tsv(lines), HIRATSUKA).expect(200);

    expect(res.body.changed).toEqual([{ code: '1-1', fields: ['title', 'indicators'] }]);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'indicator_kept',
        value: '「書かない窓口」対応手続数',
      }),
    ]);
    const [cycleAfter] = await api.dataSource.query('SELECT * FROM cycles WHERE item_id = $1', [item.id]);
    expect(cycleAfter).toEqual(cycleBefore);
    const names = await api.dataSource.query(
      'SELECT name FROM indicators WHERE item_id = $1 ORDER BY sort, name',
      [item.id],
    );
    expect(names.map((n: { name: string }) => n.name)).toEqual([
      '電子申請の対象手続数',
      '「書かない窓口」対応手続数',
    ]);

    const tree = await api
      .http()
      .get(`/api/v1/plans/${res.body.planId}`)
      .set(bearer(city.tokens.leader))
      .expect(200);
    expect(tree.body.goals[0].themes[0].items[0]).toMatchObject({
      code: '1-1',
      title: '窓口サービスのDX推進（第2版）',
      currentCycle: { fiscalYear: 2026, stage: 'DO', status: 'awaiting_submission' },
    });
  });
});

describe('validation first, writing second', () => {
  it('reports the problems of every row at once (row, column, rule, ja/en) and writes nothing', async () => {
    const city = await createCityTenant(api, '平塚市');
    const lines = hiratsukaLines();
    const rows = {
      target: lineOf(lines, '1-1'),
      title: lineOf(lines, '2-2'),
      direction: lineOf(lines, '3-5'),
    };
    lines[rows.target - 1][COL.target] = 'たくさん';
    lines[rows.title - 1][COL.title] = '';
    lines[rows.direction - 1][COL.direction] = '横ばいが良い';
    const before = await rowCounts(api, city.id);

    const res = await uploadPlan(api, city.tokens.hqAdmin, tsv(lines), HIRATSUKA).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_PLAN_FILE' });
    expect(res.body.messageEn).toMatch(/3 problems.*nothing was imported/);
    expect(res.body.messageJa).toContain('取込は行っていません');
    const errors = res.body.details.filter((d: { severity: string }) => d.severity === 'error');
    expect(
      errors.map((d: { row: number; column: string; rule: string }) => [d.row, d.column, d.rule]),
    ).toEqual([
      [rows.target, '目標値(2027年度)', 'not_a_number'],
      [rows.title, '実施計画事業', 'required'],
      [rows.direction, '方向', 'direction_invalid'],
    ]);
    for (const detail of errors) {
      expect(detail.messageEn.length).toBeGreaterThan(5);
      expect(detail.messageJa).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    expect(await rowCounts(api, city.id)).toEqual(before);
  });

  it('refuses what the database could not hold: NUL characters, negative or fractional yen, twin indicators', async () => {
    const city = await createCityTenant(api, '宝塚市');
    const plan = {
      plan: { title: '保存できない計画', city: '宝塚市', period: '2025-2027', direction: 'higher' },
      rows: [
        { code: 'A-1', goal: '目標1 試験', title: 'NUL\u0000を含む項目' },
        { code: 'A-2', goal: '目標1 試験', title: '負の予算', budget: '▲500' },
        { code: 'A-3', goal: '目標1 試験', title: '端数の予算', budget: 0.5 },
        { code: 'A-4', goal: '目標1 試験', title: '指標が重複', indicator: '件数', target: 1 },
        { code: 'A-4', indicator: '件数', target: 2 },
      ],
    };
    const res = await uploadPlan(
      api,
      city.tokens.hqAdmin,
      Buffer.from(JSON.stringify(plan)),
      'plan.json',
    ).expect(400);
    expect(
      res.body.details.map((d: { row: number; rule: string; severity: string }) => [
        d.row,
        d.rule,
        d.severity,
      ]),
    ).toEqual([
      [1, 'invalid_character', 'error'],
      [2, 'budget_invalid', 'error'],
      [3, 'budget_invalid', 'error'],
      [5, 'duplicate_indicator', 'error'],
    ]);
    expect(await rowCounts(api, city.id)).toMatchObject({ plans: 0, items: 0, groups: 0 });
  });

  it.each([
    ['a truncated workbook', () => sample('gyoda-2022.xlsx').subarray(0, 4000), 'gyoda.xlsx', 'corrupt_file'],
    [
      'a truncated JSON plan',
      () => Buffer.from(sample('takarazuka-policy-2021.json').toString('utf8').slice(0, 400)),
      'plan.json',
      'json_syntax',
    ],
    [
      'a file cut inside a character',
      // Byte 701 is the lead byte of a three-byte character.
      () => sample('takarazuka-policy-2021.json').subarray(0, 701),
      'plan.json',
      'encoding_invalid',
    ],
    [
      'random binary data',
      () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)),
      'plan.csv',
      'binary_content',
    ],
    [
      'a PDF',
      () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
      'plan.pdf',
      'unsupported_format',
    ],
    ['an empty file', () => Buffer.alloc(0), 'plan.csv', 'file_empty'],
    ['a macro-enabled workbook', () => sample('gyoda-2022.xlsx'), 'plan.xlsm', 'macro_enabled'],
  ])('answers %s with 400 (never 500) and writes nothing', async (_what, bytes, fileName, rule) => {
    const city = await createCityTenant(api, '行田市');
    const res = await uploadPlan(api, city.tokens.hqAdmin, bytes(), fileName);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_PLAN_FILE');
    expect(res.body.details[0]).toMatchObject({ rule, row: null, severity: 'error' });
    expect(await rowCounts(api, city.id)).toMatchObject({ plans: 0, nodes: 0, items: 0, groups: 0 });
  });

  it('answers a multipart body without a file, or a truncated multipart body, with 400', async () => {
    const city = await createCityTenant(api, '平塚市');
    const noFile = await api
      .http()
      .post('/api/v1/plans/import')
      .set(bearer(city.tokens.hqAdmin))
      .field('dryRun', 'true')
      .expect(400);
    expect(noFile.body).toMatchObject({ code: 'UPLOAD_INVALID' });
    expect(noFile.body.messageJa).toContain('file');

    const boundary = 'XyZ';
    const truncated = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.tsv"\r\nContent-Type: text/plain\r\n\r\n番号\t実施計画事業\n1\t途中`,
    );
    const res = await postPlanBody(
      api,
      city.tokens.hqAdmin,
      truncated,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_INVALID');
  });
});

describe('dry run', () => {
  it('refuses a table that is not a plan with 400 naming the columns a plan has', async () => {
    const city = await createCityTenant(api, '平塚市');
    const file = Buffer.from('name,age\n佐藤,41\n鈴木,35\n');
    const res = await uploadPlan(api, city.tokens.hqAdmin, file, 'not-a-plan.csv', { dryRun: true });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ rule: 'not_a_plan', severity: 'error' });
    expect(res.body.details[0].messageJa).toContain('番号（番号・No・code）と改革項目名');
    // The import itself is refused the same way, before anything is written.
    const imported = await uploadPlan(api, city.tokens.hqAdmin, file, 'not-a-plan.csv', { dryRun: false });
    expect(imported.status).toBe(400);
    expect(imported.body).toMatchObject({ code: 'INVALID_PLAN_FILE' });
    expect(imported.body.details[0]).toMatchObject({ rule: 'not_a_plan', row: 1 });
    expect(await rowCounts(api, city.id)).toMatchObject({ plans: 0, nodes: 0, items: 0, groups: 0 });
  });

  it('answers the report and the tree it would create, and writes nothing', async () => {
    const city = await createCityTenant(api, '平塚市');
    const res = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA, {
      dryRun: true,
    }).expect(200);
    expect(res.body).toMatchObject({
      planId: null,
      planCreated: true,
      dryRun: true,
      counts: { goals: 2, themes: 4, items: 19, indicators: 20 },
      added: HIRATSUKA_CODES,
      workingGroupsCreated: expect.arrayContaining(['窓口・デジタルWG']),
    });
    expect(
      res.body.tree.map((g: { code: string; level: number; children: unknown[] }) => [
        g.code,
        g.level,
        g.children.length,
      ]),
    ).toEqual([
      ['目標1', 1, 2],
      ['目標2', 1, 2],
    ]);
    expect(res.body.tree[0].children[0]).toMatchObject({ code: '改革テーマ1', level: 2, children: [] });
    expect(res.body.tree[0].children[0].items[0]).toEqual({
      code: '1-1',
      title: '窓口サービスのDX推進',
      workingGroup: '窓口・デジタルWG',
      budgetCurrentAmount: 12_000_000,
      status: 'added',
      indicators: [
        {
          name: '「書かない窓口」対応手続数',
          unit: '手続',
          baseline: 10,
          direction: 'higher_is_better',
          targets: { '2027': 60 },
        },
      ],
    });
    expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);
  });

  it('of an edited file against an imported plan reports the changes and writes nothing (options as form fields)', async () => {
    const city = await createCityTenant(api, '平塚市');
    const created = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(201);
    const lines = hiratsukaLines();
    lines[lineOf(lines, '3-1') - 1][COL.title] = '別の名前';
    const before = await rowCounts(api, city.id);
    const itemsBefore = await itemsByCode(city.id);
    const res = await api
      .http()
      .post('/api/v1/plans/import')
      .set(bearer(city.tokens.hqAdmin))
      .field('dryRun', 'true')
      .attach('file', tsv(lines), HIRATSUKA)
      .expect(200);
    expect(res.body).toMatchObject({
      planId: created.body.planId,
      planCreated: false,
      dryRun: true,
      changed: [{ code: '3-1', fields: ['title'] }],
    });
    expect(res.body.tree[1].children[0].items[0]).toMatchObject({
      code: '3-1',
      status: 'changed',
      title: '別の名前',
    });
    expect(await rowCounts(api, city.id)).toEqual(before);
    expect(await itemsByCode(city.id)).toEqual(itemsBefore);
  });
});

describe('one transaction', () => {
  const trigger = `pdca_test_refuse_${process.pid}`;

  async function refuseItem(tenantId: string, code: string): Promise<void> {
    // A real failure inside PostgreSQL, half-way through the writes (after the plan, the nodes and
    // the working groups, while items are written): the kind a hostile file could provoke.
    await asOwner((owner) =>
      owner.query(`CREATE OR REPLACE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END $$`),
    );
    await asOwner((owner) =>
      owner.query(
        `CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON items FOR EACH ROW
       WHEN (NEW.tenant_id = '${tenantId}'::uuid AND NEW.code = '${code}') EXECUTE FUNCTION ${trigger}()`,
      ),
    );
  }

  afterEach(async () => {
    await asOwner(async (owner) => {
      await owner.query(`DROP TRIGGER IF EXISTS ${trigger} ON items`);
      await owner.query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    });
  });

  it('leaves nothing of a new plan behind when a write fails half-way', async () => {
    const city = await createCityTenant(api, '平塚市');
    await refuseItem(city.id, '4-4');
    const res = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(500);
    expect(res.body).toMatchObject({
      message: 'Failed to import the plan.',
      messageJa: '計画の取込に失敗しました。',
    });
    expect(JSON.stringify(res.body)).not.toContain('refused by the test');
    expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);
  });

  it('leaves an existing plan exactly as it was when an update fails half-way', async () => {
    const city = await createCityTenant(api, '平塚市');
    await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(201);
    const before = await rowCounts(api, city.id);
    const itemsBefore = await itemsByCode(city.id);
    const [planBefore] = await api.dataSource.query('SELECT * FROM plans WHERE tenant_id = $1', [city.id]);

    const lines = hiratsukaLines();
    lines[lineOf(lines, '1-1') - 1][COL.title] = '先に更新される項目';
    lines[lineOf(lines, '4-4') - 1][COL.title] = '失敗する項目';
    const extra = [...lines[lineOf(lines, '4-4') - 1]];
    extra[0] = '4-9';
    extra[5] = '新設WG';
    lines.push(extra);
    await refuseItem(city.id, '4-4');
    await uploadPlan(api, city.tokens.hqAdmin, tsv(lines), HIRATSUKA).expect(500);

    expect(await rowCounts(api, city.id)).toEqual(before);
    expect(await itemsByCode(city.id)).toEqual(itemsBefore);
    const [planAfter] = await api.dataSource.query('SELECT * FROM plans WHERE tenant_id = $1', [city.id]);
    expect(planAfter).toEqual(planBefore);
  });
});

describe('other ways to send the file', () => {
  it('takes a JSON plan as the JSON body and a CSV as a text/csv body', async () => {
    const city = await createCityTenant(api, '宝塚市');
    const json = await postPlanBody(
      api,
      city.tokens.hqAdmin,
      JSON.parse(sample('takarazuka-policy-2021.json').toString('utf8')),
    ).expect(201);
    expect(json.body).toMatchObject({
      source: { format: 'json' },
      counts: { goals: 5, themes: 7, items: 29 },
    });

    const csv = await postPlanBody(
      api,
      city.tokens.hqAdmin,
      sample('takarazuka-dx-2023.csv'),
      'text/csv',
    ).expect(201);
    expect(csv.body).toMatchObject({
      source: { format: 'csv', encoding: 'shift_jis' },
      counts: { items: 11 },
    });
  });

  it('takes an .xlsx as an octet-stream body with its fileName', async () => {
    const city = await createCityTenant(api, '行田市');
    const res = await postPlanBody(
      api,
      city.tokens.hqAdmin,
      sample('gyoda-2022.xlsx'),
      'application/octet-stream',
      { fileName: 'gyoda-2022.xlsx' },
    ).expect(201);
    expect(res.body).toMatchObject({
      source: { format: 'xlsx', fileName: 'gyoda-2022.xlsx' },
      counts: { items: 20 },
    });
  });

  it('applies an explicit column mapping, planTitle and period', async () => {
    const city = await createCityTenant(api, '平塚市');
    const file = Buffer.from(
      '取組ID,取組,担当\nX-1,窓口の改善,市民課\nX-2,公共施設の再編,資産経営課\n',
      'utf8',
    );
    const res = await uploadPlan(api, city.tokens.hqAdmin, file, 'plan.csv', {
      mapping: JSON.stringify({ 取組ID: 'code', 取組: 'title', 担当: 'workingGroup' }),
      planTitle: '独自様式の計画',
      periodStartFy: 2025,
      periodEndFy: 2028,
    }).expect(201);
    expect(res.body).toMatchObject({
      planTitle: '独自様式の計画',
      periodStartFy: 2025,
      periodEndFy: 2028,
      added: ['X-1', 'X-2'],
      workingGroupsCreated: ['市民課', '資産経営課'],
    });
  });

  it('answers bad options with 400 naming the field', async () => {
    const city = await createCityTenant(api, '平塚市');
    const bad = async (query: Record<string, string>, field: string) => {
      const res = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA, query).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    };
    await bad({ format: 'pdf' }, 'format');
    await bad({ encoding: 'latin1' }, 'encoding');
    await bad({ dryRun: 'yes' }, 'dryRun');
    await bad({ periodStartFy: '1999' }, 'periodStartFy');
    await bad({ mapping: '{not json' }, 'mapping');
    await bad({ mapping: '["code"]' }, 'mapping');
    await bad({ unknown: 'x' }, 'unknown');
    expect(await rowCounts(api, city.id)).toMatchObject({ plans: 0 });
  });
});

describe('who may import', () => {
  it('allows hq_admin and admin; refuses wg_leader, hq_approver and auditor (403) and anonymous callers (401)', async () => {
    const city = await createCityTenant(api, '町田市');
    for (const role of ['leader', 'hqApprover', 'auditor'] as const) {
      const res = await uploadPlan(
        api,
        city.tokens[role],
        sample('machida-reform.csv'),
        'machida-reform.csv',
      );
      expect({ role, status: res.status, code: res.body.code }).toEqual({
        role,
        status: 403,
        code: 'ROLE_REQUIRED',
      });
    }
    await api
      .http()
      .post('/api/v1/plans/import')
      .attach('file', sample('machida-reform.csv'), 'machida-reform.csv')
      .expect(401);
    expect(await rowCounts(api, city.id)).toMatchObject({ plans: 0, items: 0 });
    await uploadPlan(api, city.tokens.admin, sample('machida-reform.csv'), 'machida-reform.csv').expect(201);
  });
});
