import {
  COST_AMOUNT_MAX,
  computeFullCost,
  costSettingProblems,
  DEFAULT_STAFF_UNIT_COST,
  projectKindOf,
  resolveStaffUnitCost,
  STAFF_FTE_MAX,
  STAFF_UNIT_COST_MAX,
  staffCostOf,
  validateItemCosts,
} from './item-costs';

describe('computeFullCost', () => {
  it('is 事業費 + 人工 × 人件費単価, checked against the inputs', () => {
    const sut = computeFullCost({ projectCost: 12_000_000, staffFte: 1.5 }, 8_000_000);
    expect(sut.staffCost).toBe(1.5 * 8_000_000);
    expect(sut.fullCost).toBe(12_000_000 + 12_000_000);
    expect(sut.unitCost).toBe(8_000_000);
    expect(sut.fundingGeneral).toBeNull();
  });

  it('counts hundredths of a 人工 exactly (0.1 and 0.29 are not float noise)', () => {
    expect(staffCostOf(0.1, 8_000_000)).toBe(800_000);
    expect(staffCostOf(0.29, 7_777_777)).toBe(Math.round((29 * 7_777_777) / 100));
    expect(staffCostOf(0, 8_000_000)).toBe(0);
  });

  it('fills a missing funding part with 0 once any is given', () => {
    const sut = computeFullCost({ projectCost: 100, staffFte: 0, fundingGeneral: 60, fundingOther: 40 }, 1);
    expect([sut.fundingGeneral, sut.fundingNationalPrefectural, sut.fundingOther]).toEqual([60, 0, 40]);
  });
});

describe('validateItemCosts', () => {
  it('accepts whole yen, 人工 with two decimals and funding that sums to 事業費', () => {
    expect(
      validateItemCosts({
        projectCost: 1000,
        staffFte: 0.25,
        fundingGeneral: 500,
        fundingNationalPrefectural: 300,
        fundingOther: 200,
      }),
    ).toEqual([]);
  });

  it('names each bad field in Japanese and English', () => {
    const sut = validateItemCosts({ projectCost: -1, staffFte: 0.125, fundingOther: 1.5, extra: 1 });
    expect(sut.map((p) => [p.field, p.rule])).toEqual([
      ['costs.extra', 'unknown_field'],
      ['costs.projectCost', 'integer_yen'],
      ['costs.staffFte', 'staff_fte'],
      ['costs.fundingOther', 'integer_yen'],
    ]);
    expect(sut[1].message.ja).toContain('事業費');
    expect(sut[2].message.ja).toContain('人工');
    expect(sut[2].message.en).toContain('person-years');
  });

  it('refuses funding that does not sum to 事業費, a 人工 above the bound, and a non-object', () => {
    expect(validateItemCosts({ projectCost: 1000, staffFte: 1, fundingGeneral: 900 })[0]).toMatchObject({
      field: 'costs.fundingGeneral',
      rule: 'funding_sum',
    });
    expect(validateItemCosts({ projectCost: 0, staffFte: 1000.01 })[0].field).toBe('costs.staffFte');
    expect(validateItemCosts({ staffFte: 1 })[0]).toMatchObject({
      field: 'costs.projectCost',
      rule: 'required',
    });
    expect(validateItemCosts(5)[0]).toMatchObject({ field: 'costs', rule: 'type' });
  });

  it('bounds 事業費 and 財源 so that フルコスト stays an exact integer', () => {
    expect(validateItemCosts({ projectCost: COST_AMOUNT_MAX, staffFte: STAFF_FTE_MAX })).toEqual([]);
    const sut = computeFullCost(
      { projectCost: COST_AMOUNT_MAX, staffFte: STAFF_FTE_MAX },
      STAFF_UNIT_COST_MAX,
    );
    expect(Number.isSafeInteger(sut.fullCost)).toBe(true);
    expect(sut.fullCost - sut.staffCost).toBe(COST_AMOUNT_MAX);
    expect(validateItemCosts({ projectCost: COST_AMOUNT_MAX + 1, staffFte: 0 })[0]).toMatchObject({
      field: 'costs.projectCost',
      rule: 'amount_max',
    });
    expect(
      validateItemCosts({ projectCost: 1, staffFte: 0, fundingOther: COST_AMOUNT_MAX + 1 }).map(
        (p) => p.rule,
      ),
    ).toEqual(['amount_max']);
  });
});

describe('the costs setting', () => {
  it('takes a whole 人件費単価 from 1 to 100,000,000 yen and falls back to the default', () => {
    expect(costSettingProblems({ staffUnitCost: 7_500_000 })).toEqual([]);
    expect(costSettingProblems({ staffUnitCost: 0 })[0].field).toBe('costs.staffUnitCost');
    expect(costSettingProblems({ staffUnitCost: 1.5 })[0].field).toBe('costs.staffUnitCost');
    expect(resolveStaffUnitCost({ staffUnitCost: 7_500_000 })).toBe(7_500_000);
    expect(resolveStaffUnitCost({ staffUnitCost: -1 })).toBe(DEFAULT_STAFF_UNIT_COST);
    expect(resolveStaffUnitCost(undefined)).toBe(DEFAULT_STAFF_UNIT_COST);
  });
});

describe('projectKindOf', () => {
  it('reads the label a plan file writes, or the code', () => {
    expect(projectKindOf('市単独')).toBe('city_only');
    expect(projectKindOf(' 上乗せ・横出し ')).toBe('top_up');
    expect(projectKindOf('statutory')).toBe('statutory');
    expect(projectKindOf('国補助')).toBeUndefined();
  });
});
