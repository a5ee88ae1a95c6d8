// 事業費・人工・財源内訳 of the PLAN (見込) and CHECK (実績) forms (#26): what is typed, the request's
// `costs`, and the 人件費 and フルコスト of what is typed with the city's 人件費単価 (libs/domain's rule).
import {
  computeFullCost,
  ITEM_COST_LABELS,
  type ItemCostsInput,
  validateItemCosts,
} from '@pdca/domain/item-costs';
import { useQuery } from '@tanstack/react-query';
import { api, type Entered, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { formatMoney, punct } from '../lib/format';
import { Field, FieldGroup } from '../ui';
import { type FieldErrors, moneyInput, numberInput } from './field-errors';
import { MoneyInput, NumberInput } from './form-parts';

export const COST_PARTS = [
  'projectCost',
  'staffFte',
  'fundingGeneral',
  'fundingNationalPrefectural',
  'fundingOther',
] as const;
type CostPart = (typeof COST_PARTS)[number];

/** The five entries as typed. */
export type CostDraft = Record<CostPart, string>;

/** An earlier submission's costs as typed text, or empty fields. */
export function costDraft(sent: Schemas['ItemCostsInputDto'] | null | undefined): CostDraft {
  const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    projectCost: text(sent?.projectCost),
    staffFte: text(sent?.staffFte),
    fundingGeneral: text(sent?.fundingGeneral),
    fundingNationalPrefectural: text(sent?.fundingNationalPrefectural),
    fundingOther: text(sent?.fundingOther),
  };
}

/** The request's `{ costs }` once anything is typed (an empty 事業費 or 人工 is sent as missing); nothing otherwise. */
export function costsField(draft: CostDraft): { costs?: Entered<Schemas['ItemCostsInputDto']> } {
  if (COST_PARTS.every((k) => draft[k].trim() === '')) return {};
  const funding = (k: CostPart) => (draft[k].trim() === '' ? {} : { [k]: moneyInput(draft[k]) });
  return {
    costs: {
      projectCost: moneyInput(draft.projectCost),
      staffFte: numberInput(draft.staffFte),
      ...funding('fundingGeneral'),
      ...funding('fundingNationalPrefectural'),
      ...funding('fundingOther'),
    } as Entered<Schemas['ItemCostsInputDto']>,
  };
}

export const costFieldPaths = () => ['costs', ...COST_PARTS.map((k) => `costs.${k}`)];

/** The field names a summary of problems uses (「事業費（見込）」). */
export function costLabels(group: string, lang: 'ja' | 'en'): Array<[string, string]> {
  return [
    ['costs', group],
    ...COST_PARTS.map((k): [string, string] => [
      `costs.${k}`,
      lang === 'ja' ? `${group}：${ITEM_COST_LABELS[k].ja}` : `${group}: ${ITEM_COST_LABELS[k].en}`,
    ]),
  ];
}

/** The item's costs as the API answers them (GET /items/{itemId}/costs), with the city's 人件費単価. */
export function useItemCosts(itemId: string) {
  return useQuery({
    queryKey: ['item-costs', itemId],
    queryFn: () => unwrap(api.GET('/api/v1/items/{itemId}/costs', { params: { path: { itemId } } })),
  });
}

/** The five entries under one legend, and the 人件費 and フルコスト of what is typed. */
export function CostFields({
  itemId,
  legend,
  draft,
  onChange,
  errors,
}: {
  itemId: string;
  legend: string;
  draft: CostDraft;
  onChange: (draft: CostDraft) => void;
  errors: FieldErrors;
}) {
  const { t, lang } = useI18n();
  const unitCost = useItemCosts(itemId).data?.staffUnitCost;
  const projectCost = moneyInput(draft.projectCost === '' ? '0' : draft.projectCost);
  const staffFte = numberInput(draft.staffFte === '' ? '0' : draft.staffFte);
  // Only what the server would take (whole yen, 人工 0–1000 in hundredths): a sum of bad entries would mislead.
  const input = { projectCost, staffFte };
  const figures =
    unitCost !== undefined && validateItemCosts(input).length === 0
      ? computeFullCost(input as ItemCostsInput, unitCost)
      : null;
  const colon = punct(lang).colon;
  return (
    <FieldGroup legend={legend} field="costs" error={errors.get('costs')}>
      <p className="hint">
        {t('costs.hint', { unit: unitCost === undefined ? '—' : formatMoney(unitCost, lang) })}
      </p>
      {COST_PARTS.map((k) => (
        <Field key={k} id={`costs-${k}`} label={t(`costs.${k}`)} error={errors.get(`costs.${k}`)}>
          {(aria) =>
            k === 'staffFte' ? (
              <NumberInput
                aria={aria}
                value={draft[k]}
                onChange={(text) => onChange({ ...draft, [k]: text })}
              />
            ) : (
              <MoneyInput
                aria={aria}
                value={draft[k]}
                onChange={(text) => onChange({ ...draft, [k]: text })}
              />
            )
          }
        </Field>
      ))}
      <p className="effect-net" data-testid="costs-full" aria-live="polite">
        {t('costs.staffCost')}
        {colon}
        {figures ? formatMoney(figures.staffCost, lang) : '—'}
        {' / '}
        {t('costs.fullCost')}
        {colon}
        {figures ? formatMoney(figures.fullCost, lang) : '—'}
      </p>
    </FieldGroup>
  );
}
