import { type ErrorDetail, errorDetail } from './localized-error';

/**
 * The checks a round choosing the city's items shares (外部評価 #25, 事業検証 #26): by hand
 * (`itemIds`) or by a filter (`select`), exactly one of them; each id by hand an item of the city
 * that has not been removed (400 naming `itemIds[i]`).
 */
export function itemsOrSelectProblem(itemIds: unknown, select: unknown): ErrorDetail | null {
  // null counts as absent (the DTO's @IsOptional lets it through).
  if ((itemIds == null) !== (select == null)) return null;
  return errorDetail('itemIds', 'items_or_select', {
    ja: '対象の改革項目を itemIds か select のどちらか一方で指定してください。',
    en: 'Choose the items with either itemIds or select.',
  });
}

export function unusableItemProblems(
  ids: readonly string[],
  found: ReadonlyArray<{ id: string; removed: boolean }>,
): ErrorDetail[] {
  const usable = new Set(found.filter((i) => !i.removed).map((i) => i.id));
  return ids.flatMap((id, i) =>
    usable.has(id)
      ? []
      : [
          errorDetail(`itemIds[${i}]`, 'tenant_item', {
            ja: 'この自治体の改革項目（削除されていないもの）を指定してください。',
            en: 'Name an item of your city that has not been removed.',
          }),
        ],
  );
}
