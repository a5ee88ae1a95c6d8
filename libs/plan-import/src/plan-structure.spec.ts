import { diffPlanAgainstSnapshot, toPlanSnapshot } from './plan-diff';
import { parsePlanFile } from './plan-file.parser';
import type { ParsePlanFileOptions, PlanImportResult, PlanImportSuccess } from './plan-import.types';
import { allNodes, placedItems } from './plan-tree-walk';

// Plans as cities write them (#22): 2–4 levels, a node's own texts and indicators, 再掲.

function parse(lines: string[], options: ParsePlanFileOptions = {}): PlanImportResult {
  return parsePlanFile(new TextEncoder().encode(lines.join('\n')), { fileName: 'plan.csv', ...options });
}

function ok(result: PlanImportResult): PlanImportSuccess {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

/** Each item as `code: path of node codes`. */
function placement(result: PlanImportSuccess): string[] {
  return placedItems(result.plan).map(
    ({ path, item }) => `${item.code}: ${path.map((n) => n.code).join(' > ')}`,
  );
}

describe('plan levels', () => {
  it('reads a two-level plan: items right under the top level, named by # levels', () => {
    const sut = ok(
      parse([
        '# plan: 町田市 改革項目表',
        '# levels: 基本方針 / 改革項目',
        '番号,基本方針,改革項目',
        '1-1,1 共創で、新たな価値を創造する,情報の双方向性を高める',
        '2-1,2 対話を通して、市役所能力を高める,強しなやかな組織を構築する',
      ]),
    );
    expect(sut.plan.nodeLevels).toBe(1);
    expect(sut.plan.levels).toEqual([{ ja: '基本方針' }, { ja: '改革項目' }]);
    expect(placement(sut)).toEqual(['1-1: 1', '2-1: 2']);
    expect(sut.plan.nodes.every((n) => n.children.length === 0 && n.level === 1)).toBe(true);
  });

  it('reads a three-level file exactly as before when it says nothing about levels', () => {
    const sut = ok(
      parse([
        '# plan: p',
        '番号,目標,テーマ,改革項目',
        '1,目標1 効率化,テーマ1 窓口,窓口DX',
        '2,目標2 財政,,歳入',
      ]),
    );
    expect(sut.plan.nodeLevels).toBe(2);
    expect(sut.plan.levels).toBeUndefined();
    expect(placement(sut)).toEqual(['1: 目標1 > テーマ1', '2: 目標2 > 目標2']);
    expect(sut.plan.nodes[1]!.children[0]).toMatchObject({ isDefault: true, level: 2 });
  });

  it('reads a four-level plan whose headers are its own level names, with English names in brackets', () => {
    const sut = ok(
      parse([
        '# plan: 宝塚市 行財政経営アクションプラン',
        '# levels: 方針 (Policy) / 個別方針 (Sub-policy) / 推進項目 (Promotion item) / 取組 (Action)',
        '番号,方針,個別方針,推進項目,取組',
        '1,方針2 基盤づくり,方針2-1 財政基盤,2-1-1 規律に基づく財政運営,中期財政計画の策定',
        '2,,,,財政規律の公表',
        '3,,方針2-2 組織基盤,2-2-1 人材育成,研修体系の見直し',
      ]),
    );
    expect(sut.plan.nodeLevels).toBe(3);
    expect(sut.plan.levels?.[3]).toEqual({ ja: '取組', en: 'Action' });
    expect(placement(sut)).toEqual([
      '1: 方針2 > 方針2-1 > 2-1-1',
      '2: 方針2 > 方針2-1 > 2-1-1',
      '3: 方針2 > 方針2-2 > 2-2-1',
    ]);
    expect(allNodes(sut.plan).map(({ node }) => `${node.level}:${node.code}`)).toEqual([
      '1:方針2',
      '2:方針2-1',
      '3:2-1-1',
      '2:方針2-2',
      '3:2-2-1',
    ]);
  });

  it('takes its level count from the settings when the file does not say, filling the missing level', () => {
    const sut = ok(
      parse(['# plan: p', '番号,方針,個別方針,取組', '1,方針1 協働,1-1 情報共有,広報の充実'], {
        levels: ['方針', '個別方針', '推進項目', '取組'],
      }),
    );
    expect(sut.plan.nodeLevels).toBe(3);
    expect(placement(sut)).toEqual(['1: 方針1 > 1-1 > 1-1']);
    expect(allNodes(sut.plan).at(-1)!.node).toMatchObject({ level: 3, isDefault: true, title: '情報共有' });
  });

  it('refuses a level column the plan does not have, naming the column and the rule in ja and en', () => {
    const sut = parse([
      '# plan: p',
      '# levels: 基本方針 / 改革項目',
      '番号,基本方針,テーマ,改革項目',
      '1,方針1,テーマA,窓口DX',
    ]);
    expect(sut.ok).toBe(false);
    if (sut.ok) return;
    expect(sut.problems.map((p) => [p.severity, p.rule, p.row, p.column])).toEqual([
      ['error', 'level_count', 3, 'テーマ'],
    ]);
    expect(sut.problems[0]!.message.ja).toContain('基本方針 → 改革項目');
    expect(sut.problems[0]!.message.en).toContain('at most 1 above the items');
  });

  it('refuses a deeper column also against the settings of the city', () => {
    const sut = parse(['# plan: p', '番号,目標,テーマ,改革項目', '1,目標1,テーマA,窓口DX'], {
      levels: ['基本方針', '改革項目'],
    });
    expect(sut.ok ? [] : sut.problems.map((p) => `${p.rule}@${p.column}`)).toEqual(['level_count@テーマ']);
  });

  it('refuses a # levels line with one level or five', () => {
    for (const levels of ['改革項目', 'a / b / c / d / e']) {
      const sut = parse([`# levels: ${levels}`, '# plan: p', '番号,改革項目', '1,x']);
      expect(sut.ok ? [] : sut.problems.map((p) => `${p.rule}@${p.column}`)).toEqual([
        'metadata_invalid@levels',
      ]);
    }
  });
});

describe('a node’s own texts and indicators', () => {
  const lines = [
    '# plan: 町田市',
    '# levels: 基本方針 / 改革項目',
    '# direction: higher',
    '# mapping: 目指す姿=基本方針の目指す姿; 指標=基本方針の指標',
    '番号,基本方針,基本方針の説明,基本方針の現状と課題,目指す姿,指標,方向,改革項目,主要目標',
    '1-1,1 共創,多様な主体との連携を推進します,市民の声の活用が不十分,情報が共有されている,情報を入手できている市民の割合,,情報の双方向性,',
    '1-2,,,,行政サービスがデジタルで受けられる,利便性が向上した市民の割合,,デジタル化,',
    '3-1,3 財政基盤,安定した財政基盤を確立します,,財政運営のマネジメント力が強化されている,経常収支比率,低いほど良い,財政基盤づくり,',
    '3-1,,,,,実質公債費比率,低いほど良い,,',
    ',,,,,,,,職員数',
  ];

  it('keeps description, 目指す姿 (one per row, joined) and 現状と課題 on the 基本方針', () => {
    const sut = ok(parse(lines));
    const [first, third] = sut.plan.nodes;
    expect(first).toMatchObject({
      description: '多様な主体との連携を推進します',
      vision: '情報が共有されている\n行政サービスがデジタルで受けられる',
      background: '市民の声の活用が不十分',
    });
    expect(third!.vision).toBe('財政運営のマネジメント力が強化されている');
    expect(third!.background).toBeUndefined();
  });

  it('puts the indicators on the node of their level, with the row’s direction, and 主要目標 on the plan', () => {
    const sut = ok(parse(lines));
    const [first, third] = sut.plan.nodes;
    expect(first!.indicators.map((i) => i.name)).toEqual([
      '情報を入手できている市民の割合',
      '利便性が向上した市民の割合',
    ]);
    expect(third!.indicators.map((i) => [i.name, i.direction, i.sourceRow])).toEqual([
      ['経常収支比率', 'lower', 8],
      ['実質公債費比率', 'lower', 9],
    ]);
    expect(placedItems(sut.plan).flatMap((p) => p.item.indicators)).toEqual([]);
    expect(sut.plan.indicators.map((i) => [i.name, i.direction])).toEqual([['職員数', 'higher']]);
  });

  it('reads a 3年後の姿 column as the top level’s, in a three-level plan', () => {
    const sut = ok(
      parse([
        '# plan: 行田市',
        '番号,柱,3年後の姿,改革,取組項目',
        '1-1,第1の柱 スマート自治体,便利なサービスが受けられる,改革1 便利なサービス,電子申請',
        '1-2,,,,キャッシュレス決済',
      ]),
    );
    expect(sut.plan.nodes[0]).toMatchObject({ vision: '便利なサービスが受けられる' });
    expect(sut.plan.nodes[0]!.children[0]!.vision).toBeUndefined();
  });
});

describe('再掲: an item under several parents', () => {
  const header = [
    '# plan: 宝塚市DX',
    '# levels: ビジョン / 目指す姿 / アクション',
    '番号,ビジョン,目指す姿,アクション,再掲先',
  ];

  it('keeps the row’s node as the primary parent and lists the others in order, once', () => {
    const sut = ok(
      parse([
        ...header,
        '3,1 便利に,1-1 手続ができる,行政手続のオンライン化,"1-1, 1-2、2-1 1-2"',
        '4,1 便利に,1-2 情報を受け取れる,デジタル技術の利用促進,',
        ',2 つながり,2-1 意見を伝える機会が増えている,,',
      ]),
    );
    const [third, fourth] = placedItems(sut.plan);
    expect(third!.path.map((n) => n.code)).toEqual(['1', '1-1']);
    expect(third!.item.alsoUnder).toEqual(['1-2', '2-1']);
    expect(fourth!.item.alsoUnder).toBeUndefined();
    // The row naming only 2-1 creates the node, with no item of its own.
    expect(sut.plan.nodes[1]!.children[0]).toMatchObject({ code: '2-1', items: [] });
  });

  it('refuses a 再掲先 that names no node of the level above the items', () => {
    const sut = parse([...header, '3,1 便利に,1-1 手続,オンライン化,9-9', '4,1 便利に,1-2 情報,利用促進,1']);
    expect(sut.ok ? [] : sut.problems.map((p) => [p.rule, p.row, p.column, p.value])).toEqual([
      ['parent_unknown', 4, '再掲先', '9-9'],
      ['parent_unknown', 5, '再掲先', '1'],
    ]);
  });
});

describe('re-importing a plan whose 再掲 changed', () => {
  it('reports the item as changed in alsoUnder, and nothing when the file is the same', () => {
    const file = (alsoUnder: string) => [
      '# plan: 宝塚市DX',
      '# levels: ビジョン / 目指す姿 / アクション',
      '番号,ビジョン,目指す姿,アクション,再掲先',
      `3,1 便利に,1-1 手続ができる,行政手続のオンライン化,${alsoUnder}`,
      '4,1 便利に,1-2 情報を受け取れる,デジタル技術の利用促進,',
    ];
    const before = toPlanSnapshot(ok(parse(file('1-2'))).plan);
    expect(diffPlanAgainstSnapshot(ok(parse(file('1-2'))).plan, before).unchanged).toEqual(['3', '4']);
    const sut = diffPlanAgainstSnapshot(ok(parse(file(''))).plan, before);
    expect(sut.changed.map((c) => [c.code, c.fields])).toEqual([['3', ['alsoUnder']]]);
  });
});
