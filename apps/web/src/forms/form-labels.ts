// A form's names for its fields by the paths the API's problems carry (`targets[0].target`), so a
// problem is said as the form says the field: 「指標1『オンライン申請率』の目標値」.
import type { FieldLabels } from './field-errors';
import { EFFECT_PARTS } from './stage-forms';

/** `t` of i18n, as far as these labels need it. */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * One indicator list's labels: `<list>[i].<valueKey>` (and the entry itself, and its id) as
 * 「指標{i+1}『名前』の…」 by `labelKey` (feedback.indicatorTarget / indicatorActual / indicatorValue).
 */
export function indicatorLabels(
  t: Translate,
  list: string,
  valueKey: string,
  names: readonly string[],
  labelKey: string,
): Array<[string, string]> {
  return names.flatMap((name, i) => {
    const label = t(labelKey, { n: i + 1, name });
    return [
      [`${list}[${i}]`, label],
      [`${list}[${i}].${valueKey}`, label],
      [`${list}[${i}].indicatorId`, label],
    ] as Array<[string, string]>;
  });
}

/** A 効果額's three amounts under its group's name: 「効果額の見込額の歳出削減額」. */
export function effectLabels(t: Translate, field: string, group: string): Array<[string, string]> {
  return [
    [field, group],
    ...EFFECT_PARTS.map((k): [string, string] => [
      `${field}.${k}`,
      t('feedback.effectPart', { group, part: t(`effect.${k}`) }),
    ]),
  ];
}

/** The labels of a form, with the 差戻しへの回答 every resubmission may carry. */
export function formLabels(t: Translate, entries: Array<[string, string]>): FieldLabels {
  return new Map([...entries, ['returnAnswer', t('feedback.returnAnswer')]]);
}
