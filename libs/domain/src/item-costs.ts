/**
 * An item's costs for one fiscal year (#26), as 平塚市's 事業評価シート writes them: 事業費 (project
 * cost) plus 人件費 (staff cost = 人工 × the city's 人件費単価) is the フルコスト; 事業費 is funded by
 * 一般財源 / 国・県支出金 / その他. 見込 (estimate) is entered at PLAN, 実績 (actual) at CHECK. Also
 * the item's 事業区分 (project kind). Pure: also runs in the workflow sandbox.
 */
import type { LocalizedText } from './localized-text';
import { formatYen, isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/** 事業区分: 市単独 / 上乗せ・横出し / 国・県補助 / 法定受託 (items.project_kind). */
export const PROJECT_KINDS = ['city_only', 'top_up', 'subsidized', 'statutory'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_KIND_LABELS: Readonly<Record<ProjectKind, LocalizedText>> = {
  city_only: { ja: '市単独', en: 'City only' },
  top_up: { ja: '上乗せ・横出し', en: 'Top-up / extension' },
  subsidized: { ja: '国・県補助', en: 'State-subsidised' },
  statutory: { ja: '法定受託', en: 'Statutory (entrusted)' },
};

export function isProjectKind(value: unknown): value is ProjectKind {
  return (PROJECT_KINDS as readonly unknown[]).includes(value);
}

/** The 事業区分 whose Japanese or English label, or code, is `text` (plan files write the label). */
export function projectKindOf(text: string): ProjectKind | undefined {
  const t = text.trim();
  return PROJECT_KINDS.find(
    (k) =>
      k === t ||
      PROJECT_KIND_LABELS[k].ja === t ||
      PROJECT_KIND_LABELS[k].en.toLowerCase() === t.toLowerCase(),
  );
}

/** 見込 (PLAN, import) or 実績 (CHECK). */
export const COST_BASES = ['estimate', 'actual'] as const;
export type CostBasis = (typeof COST_BASES)[number];
export const COST_BASIS_LABELS: Readonly<Record<CostBasis, LocalizedText>> = {
  estimate: { ja: '見込', en: 'Estimate' },
  actual: { ja: '実績', en: 'Actual' },
};

/** The words of the cost block, one per concept (sheets, forms, import columns). */
export const ITEM_COST_LABELS = {
  projectCost: { ja: '事業費', en: 'Project cost' },
  staffFte: { ja: '人工', en: 'Staff (person-years)' },
  unitCost: { ja: '人件費単価', en: 'Staff unit cost' },
  staffCost: { ja: '人件費', en: 'Staff cost' },
  fullCost: { ja: 'フルコスト', en: 'Full cost' },
  fundingGeneral: { ja: '一般財源', en: 'General revenue' },
  fundingNationalPrefectural: { ja: '国・県支出金', en: 'National / prefectural funds' },
  fundingOther: { ja: 'その他', en: 'Other funding' },
  projectKind: { ja: '事業区分', en: 'Project kind' },
} as const satisfies Record<string, LocalizedText>;

/**
 * 事業費 and each 財源 at most: 10兆円 (the budget chain's bound too), far beyond any city's budget,
 * and small enough that 事業費 + 人件費 stays an exact JavaScript integer (the stored フルコスト is
 * checked against the sum).
 */
export const COST_AMOUNT_MAX = 10_000_000_000_000;
/** 人工 at most (a bound, not a rule of any city): 1,000 person-years on one item. */
export const STAFF_FTE_MAX = 1000;
/** 人件費単価 when the city has set none: 8,000,000 yen per 人工 per year. */
export const DEFAULT_STAFF_UNIT_COST = 8_000_000;
/** 人件費単価 at most: 100,000,000 yen per 人工. */
export const STAFF_UNIT_COST_MAX = 100_000_000;

/** The `costs` object of a PLAN or CHECK submission (and of a plan file's row). */
export interface ItemCostsInput {
  /** 事業費, whole yen ≥ 0. */
  readonly projectCost: number;
  /** 人工 (FTE), ≥ 0, at most 2 decimals. */
  readonly staffFte: number;
  /** 財源内訳 (optional; when any is given they sum to 事業費, a missing one counting 0). */
  readonly fundingGeneral?: number | null;
  readonly fundingNationalPrefectural?: number | null;
  readonly fundingOther?: number | null;
}

/** What is stored and shown: the inputs, the unit cost used, and what follows from them. */
export interface ItemCostFigures {
  readonly projectCost: number;
  readonly staffFte: number;
  readonly unitCost: number;
  /** round(人工 × 単価). */
  readonly staffCost: number;
  /** 事業費 + 人件費. */
  readonly fullCost: number;
  /** null when no 財源内訳 was given. */
  readonly fundingGeneral: number | null;
  readonly fundingNationalPrefectural: number | null;
  readonly fundingOther: number | null;
}

const FUNDING_FIELDS = ['fundingGeneral', 'fundingNationalPrefectural', 'fundingOther'] as const;

/** 人件費 = round(人工 × 単価), computed in hundredths of a 人工 so that 0.1 × 8,000,000 is 800,000 exactly. */
export function staffCostOf(staffFte: number, unitCost: number): number {
  return Math.round((Math.round(staffFte * 100) * unitCost) / 100);
}

/** フルコスト and 人件費 from the inputs and the 人件費単価 in force. */
export function computeFullCost(input: ItemCostsInput, unitCost: number): ItemCostFigures {
  const staffCost = staffCostOf(input.staffFte, unitCost);
  const anyFunding = FUNDING_FIELDS.some((f) => input[f] !== undefined && input[f] !== null);
  const funding = (f: (typeof FUNDING_FIELDS)[number]) => (anyFunding ? (input[f] ?? 0) : null);
  return {
    projectCost: input.projectCost,
    staffFte: input.staffFte,
    unitCost,
    staffCost,
    fullCost: input.projectCost + staffCost,
    fundingGeneral: funding('fundingGeneral'),
    fundingNationalPrefectural: funding('fundingNationalPrefectural'),
    fundingOther: funding('fundingOther'),
  };
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function yenProblem(field: string, label: LocalizedText): ValidationProblem {
  return problem(field, 'integer_yen', {
    ja: `${label.ja}は0以上の整数（円）で入力してください。`,
    en: `Enter the ${label.en.toLowerCase()} as a whole number of yen, 0 or more.`,
  });
}

/** A whole yen amount 0 to COST_AMOUNT_MAX, or its problem. */
function amountProblem(field: string, value: unknown, label: LocalizedText): ValidationProblem | null {
  if (!isIntegerYen(value)) return yenProblem(field, label);
  if (value <= COST_AMOUNT_MAX) return null;
  return problem(field, 'amount_max', {
    ja: `${label.ja}は${formatYen(COST_AMOUNT_MAX)}円以下で入力してください。`,
    en: `The ${label.en.toLowerCase()} is at most ${formatYen(COST_AMOUNT_MAX)} yen.`,
  });
}

/** 人工: a number 0–1000 with at most two decimals. */
export function staffFteProblem(field: string, value: unknown): ValidationProblem | null {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= STAFF_FTE_MAX &&
    Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
  return ok
    ? null
    : problem(field, 'staff_fte', {
        ja: `${ITEM_COST_LABELS.staffFte.ja}は0～${STAFF_FTE_MAX}の数値（小数点以下2桁まで）で入力してください。`,
        en: `Enter the staff in person-years, 0 to ${STAFF_FTE_MAX}, with at most two decimals.`,
      });
}

/**
 * Problems with a `costs` object (empty when valid), each naming its field under `field`
 * (`costs.projectCost`, `costs.staffFte`, `costs.fundingGeneral`, …) in Japanese and English.
 */
export function validateItemCosts(value: unknown, field = 'costs'): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem(field, 'type', {
        ja: `費用は${ITEM_COST_LABELS.projectCost.ja}（円）と${ITEM_COST_LABELS.staffFte.ja}で入力してください。`,
        en: 'Enter the costs as projectCost (yen) and staffFte (person-years).',
      }),
    ];
  }
  const out: ValidationProblem[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'projectCost' && key !== 'staffFte' && !(FUNDING_FIELDS as readonly string[]).includes(key)) {
      out.push(
        problem(`${field}.${key}`, 'unknown_field', {
          ja: `「${key}」という項目はありません。`,
          en: `There is no field "${key}".`,
        }),
      );
    }
  }
  if (value.projectCost === undefined || value.projectCost === null) {
    out.push(
      problem(`${field}.projectCost`, 'required', {
        ja: `${ITEM_COST_LABELS.projectCost.ja}を入力してください（ない場合は0）。`,
        en: 'Enter the project cost (0 if none).',
      }),
    );
  } else {
    const amount = amountProblem(`${field}.projectCost`, value.projectCost, ITEM_COST_LABELS.projectCost);
    if (amount) out.push(amount);
  }
  if (value.staffFte === undefined || value.staffFte === null) {
    out.push(
      problem(`${field}.staffFte`, 'required', {
        ja: `${ITEM_COST_LABELS.staffFte.ja}を入力してください（ない場合は0）。`,
        en: 'Enter the staff in person-years (0 if none).',
      }),
    );
  } else {
    const fte = staffFteProblem(`${field}.staffFte`, value.staffFte);
    if (fte) out.push(fte);
  }
  let fundingOk = true;
  let anyFunding = false;
  let fundingSum = 0;
  for (const f of FUNDING_FIELDS) {
    const amount = value[f];
    if (amount === undefined || amount === null) continue;
    anyFunding = true;
    const bad = amountProblem(`${field}.${f}`, amount, ITEM_COST_LABELS[f]);
    if (bad) {
      fundingOk = false;
      out.push(bad);
    } else fundingSum += amount as number;
  }
  if (
    anyFunding &&
    fundingOk &&
    isIntegerYen(value.projectCost) &&
    value.projectCost <= COST_AMOUNT_MAX &&
    fundingSum !== value.projectCost
  ) {
    out.push(
      problem(`${field}.fundingGeneral`, 'funding_sum', {
        ja: `財源内訳（${ITEM_COST_LABELS.fundingGeneral.ja}・${ITEM_COST_LABELS.fundingNationalPrefectural.ja}・${ITEM_COST_LABELS.fundingOther.ja}）の合計${formatYen(fundingSum)}円が${ITEM_COST_LABELS.projectCost.ja}${formatYen(value.projectCost)}円と一致しません。`,
        en: `The funding (general, national/prefectural, other) sums to ${formatYen(fundingSum)} yen, not the project cost of ${formatYen(value.projectCost)} yen.`,
      }),
    );
  }
  return out;
}

/** The city's setting `costs`: the 人件費単価 its フルコスト is computed with. */
export interface CostSettings {
  /** 人件費単価: yen per 人工 per year, a whole number 1–100,000,000. */
  readonly staffUnitCost: number;
}

export const DEFAULT_COST_SETTINGS: CostSettings = { staffUnitCost: DEFAULT_STAFF_UNIT_COST };

/** Problems with the `costs` setting (empty when valid). */
export function costSettingProblems(value: unknown, field = 'costs'): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem(field, 'object', {
        ja: '費用の設定（staffUnitCost：人件費単価）を指定してください。',
        en: 'Give staffUnitCost (the staff unit cost).',
      }),
    ];
  }
  const out: ValidationProblem[] = Object.keys(value)
    .filter((key) => key !== 'staffUnitCost')
    .map((key) =>
      problem(`${field}.${key}`, 'unknown_field', {
        ja: `「${key}」という設定はありません。`,
        en: `There is no setting "${key}".`,
      }),
    );
  const unit = value.staffUnitCost;
  if (!isIntegerYen(unit) || unit < 1 || unit > STAFF_UNIT_COST_MAX) {
    out.push(
      problem(`${field}.staffUnitCost`, 'unit_cost_range', {
        ja: `${ITEM_COST_LABELS.unitCost.ja}は1～${formatYen(STAFF_UNIT_COST_MAX)}円の整数で指定してください（1人工・1年あたり）。`,
        en: `The staff unit cost is a whole number of yen from 1 to ${formatYen(STAFF_UNIT_COST_MAX)} per person-year.`,
      }),
    );
  }
  return out;
}

/** The 人件費単価 in force: the stored setting when valid, else the default. */
export function resolveStaffUnitCost(stored: unknown): number {
  return costSettingProblems(stored).length === 0
    ? (stored as CostSettings).staffUnitCost
    : DEFAULT_STAFF_UNIT_COST;
}
