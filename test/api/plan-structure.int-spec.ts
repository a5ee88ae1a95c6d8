/**
 * Plans as cities write them (#22), through the API: a four-level plan imported with its own level
 * names, node texts and indicators, a plan-wide 主要目標 and 再掲; GET /plans/{id} reads the tree
 * back in the plan's words and GET /plans/{id}/summary totals every node of every level. A file
 * whose levels disagree with the city's settings is refused (400 naming the column and the rule).
 */
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, NO_ROWS, rowCounts, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;

beforeAll(async () => {
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
});

afterAll(async () => {
  await api?.close();
});

const FOUR_LEVELS = [
  '# plan: 宝塚市 行財政経営アクションプラン（試験）',
  '# city: 宝塚市',
  '# period: 2025-2027',
  '# levels: 方針 (Policy) / 個別方針 (Sub-policy) / 推進項目 (Promotion item) / 取組 (Action)',
  '# direction: higher',
  '番号,方針,方針の説明,方針の指標,個別方針,推進項目,取組,再掲先,主要目標,歳出削減見込額(千円)',
  '1,方針2 基盤づくり,時代の変化に適応し続けるための基盤をつくる,実質公債費比率,方針2-1 財政基盤,2-1-1 規律に基づく財政運営,中期財政計画の策定,,,1000',
  '2,,,,,,財政規律の公表,2-2-1,,200',
  '3,,,,方針2-2 組織基盤,2-2-1 人材育成,研修体系の見直し,,,30',
  ',,,,,,,,経常収支比率,',
].join('\n');

interface NodeBody {
  code: string;
  level: number;
  levelName: { ja: string; en: string };
  description: string;
  indicators: Array<{ name: string }>;
  children: NodeBody[];
  items: Array<{ code: string; parents: Array<{ code: string; isPrimary: boolean }> }>;
}

interface RollupBody {
  code: string;
  level: number;
  levelName: { ja: string };
  items: number;
  year: { target: { net: number } };
  children: RollupBody[];
}

describe('a four-level plan through the API', () => {
  let city: CityTenant;
  let planId: string;

  beforeAll(async () => {
    city = await createCityTenant(api, '宝塚市');
    const res = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from(FOUR_LEVELS), 'plan.csv').expect(201);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.levelsFromFile).toBe(true);
    expect(res.body.counts).toMatchObject({
      goals: 1,
      themes: 4,
      levels: [1, 2, 2],
      items: 3,
      nodeIndicators: 2,
    });
    planId = res.body.planId;
  });

  it('keeps the file’s level names as the plan’s own settings', async () => {
    const [plan] = await api.dataSource.query('SELECT settings FROM plans WHERE id = $1', [planId]);
    expect(plan.settings.levels).toEqual([
      { name: { ja: '方針', en: 'Policy' } },
      { name: { ja: '個別方針', en: 'Sub-policy' } },
      { name: { ja: '推進項目', en: 'Promotion item' } },
      { name: { ja: '取組', en: 'Action' } },
    ]);
  });

  it('reads the tree back with each node’s level and level name, texts, indicators and the items’ parents', async () => {
    const res = await api.http().get(`/api/v1/plans/${planId}`).set(bearer(city.tokens.leader)).expect(200);
    expect(
      res.body.levels.map((l: { name: { ja: string }; isItem: boolean }) => [l.name.ja, l.isItem]),
    ).toEqual([
      ['方針', false],
      ['個別方針', false],
      ['推進項目', false],
      ['取組', true],
    ]);
    const shape = (node: NodeBody): unknown => [
      node.level,
      node.levelName.ja,
      node.code,
      node.items.map((i) => i.code),
      node.children.map(shape),
    ];
    expect(res.body.nodes.map(shape)).toEqual([
      [
        1,
        '方針',
        '方針2',
        [],
        [
          [2, '個別方針', '方針2-1', [], [[3, '推進項目', '2-1-1', ['1', '2'], []]]],
          [2, '個別方針', '方針2-2', [], [[3, '推進項目', '2-2-1', ['2', '3'], []]]],
        ],
      ],
    ]);
    const [top] = res.body.nodes as NodeBody[];
    expect(top!.description).toBe('時代の変化に適応し続けるための基盤をつくる');
    expect(top!.indicators.map((i) => i.name)).toEqual(['実質公債費比率']);
    expect(res.body.indicators.map((i: { name: string }) => i.name)).toEqual(['経常収支比率']);
    const listedTwice = top!.children[1]!.children[0]!.items[0]!;
    expect(listedTwice).toMatchObject({
      code: '2',
      parents: [
        { code: '2-1-1', isPrimary: true },
        { code: '2-2-1', isPrimary: false },
      ],
    });
    expect(res.body.unassignedItems).toEqual([]);
  });

  it('totals every node of every level, each item once under its own parent', async () => {
    const res = await api
      .http()
      .get(`/api/v1/plans/${planId}/summary`)
      .query({ fiscalYear: 2025 })
      .set(bearer(city.tokens.leader))
      .expect(200);
    const totals = (node: RollupBody): unknown => [
      node.levelName.ja,
      node.code,
      node.items,
      node.year.target.net,
      node.children.map(totals),
    ];
    expect(res.body.nodes.map(totals)).toEqual([
      [
        '方針',
        '方針2',
        3,
        1_230_000,
        [
          ['個別方針', '方針2-1', 2, 1_200_000, [['推進項目', '2-1-1', 2, 1_200_000, []]]],
          ['個別方針', '方針2-2', 1, 30_000, [['推進項目', '2-2-1', 1, 30_000, []]]],
        ],
      ],
    ]);
    expect(res.body.plan.year.target.net).toBe(1_230_000);
    expect(res.body.levels.map((l: { ja: string }) => l.ja)).toEqual([
      '方針',
      '個別方針',
      '推進項目',
      '取組',
    ]);
  });

  it('re-imports the same file unchanged, and a file without # levels keeps the plan’s four', async () => {
    const again = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from(FOUR_LEVELS), 'plan.csv').expect(
      200,
    );
    expect(again.body).toMatchObject({ added: [], changed: [], unchanged: ['1', '2', '3'] });
    const before = await rowCounts(api, city.id);
    const withoutLevels = FOUR_LEVELS.replace(/^# levels:.*\n/m, '');
    const res = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from(withoutLevels), 'plan.csv').expect(
      200,
    );
    expect(res.body).toMatchObject({ levelsFromFile: false, unchanged: ['1', '2', '3'] });
    expect(res.body.levels.map((l: { ja: string }) => l.ja)).toEqual([
      '方針',
      '個別方針',
      '推進項目',
      '取組',
    ]);
    expect(await rowCounts(api, city.id)).toEqual(before);
  });
});

describe('levels that disagree with the settings', () => {
  it('refuses a theme column for a city whose plans have two levels, naming the column and the rule', async () => {
    const city = await createCityTenant(api, '町田市');
    await api.dataSource.query(`UPDATE tenants SET settings = settings || $2::jsonb WHERE id = $1`, [
      city.id,
      JSON.stringify({
        levels: [
          { name: { ja: '基本方針', en: 'Basic policy' } },
          { name: { ja: '改革項目', en: 'Reform item' } },
        ],
      }),
    ]);
    const file = [
      '# plan: 町田市 改革項目表',
      '番号,基本方針,テーマ,改革項目',
      '1-1,1 共創,1-1 情報,情報の双方向性を高める',
    ];
    const res = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from(file.join('\n')), 'plan.csv').expect(
      400,
    );
    expect(res.body.code).toBe('INVALID_PLAN_FILE');
    expect(res.body.details).toEqual([
      expect.objectContaining({
        field: 'テーマ',
        rule: 'level_count',
        messageJa: expect.stringContaining('基本方針 → 改革項目'),
        messageEn: expect.stringContaining('Column "テーマ" is level 2'),
      }),
    ]);
    expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);

    // The same columns in the city's two levels import.
    const ok = ['# plan: 町田市 改革項目表', '番号,基本方針,改革項目', '1-1,1 共創,情報の双方向性を高める'];
    const imported = await uploadPlan(
      api,
      city.tokens.hqAdmin,
      Buffer.from(ok.join('\n')),
      'plan.csv',
    ).expect(201);
    expect(imported.body.levels.map((l: { ja: string }) => l.ja)).toEqual(['基本方針', '改革項目']);
    expect(imported.body.counts).toMatchObject({ goals: 1, themes: 0, items: 1 });
  });
});
