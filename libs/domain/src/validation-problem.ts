import type { LocalizedText } from './localized-text';

/**
 * One field-level problem with a submitted payload or amount.
 * `field` is a path such as `targets[0].target`; `rule` is a stable id the UI and tests can match on.
 */
export interface ValidationProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: LocalizedText;
}

export function problem(field: string, rule: string, message: LocalizedText): ValidationProblem {
  return { field, rule, message };
}

/** Thousands separators without Intl: this code also runs in the Temporal workflow sandbox. */
export function formatYen(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(amount)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function isIntegerYen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
