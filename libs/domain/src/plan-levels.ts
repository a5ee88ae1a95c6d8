/**
 * The level names of one plan: its settings (the city's, or the plan's own) fitted to the number of
 * levels the plan actually has. Pure.
 */
import type { PlanLevel } from './city-settings';

/**
 * `count` levels from the top, the last being the reform item. When the settings name as many, they
 * are used as they are; otherwise the node levels take the settings' names from the top as far as
 * they go (then 第n階層 / Level n) and the item level the settings' last name.
 */
export function planLevelsOf(settingsLevels: readonly PlanLevel[], count: number): PlanLevel[] {
  if (settingsLevels.length === count) return [...settingsLevels];
  const item = settingsLevels.at(-1);
  return Array.from({ length: count }, (_, i) => {
    const level = i + 1;
    if (level === count && item) return item;
    return level < settingsLevels.length
      ? settingsLevels[i]!
      : { name: { ja: `第${level}階層`, en: `Level ${level}` } };
  });
}
