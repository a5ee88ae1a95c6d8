import { IsInt, Max, Min } from 'class-validator';

export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2100;

/**
 * A whole fiscal year from MIN_FISCAL_YEAR to MAX_FISCAL_YEAR (in a body, a query or a path).
 * The same rules as the stack `@IsInt() @Min(…) @Max(…)`, registered in that stack's order
 * (decorators run bottom-up), so the error details come in the same order too.
 */
export function IsFiscalYear(): PropertyDecorator {
  return (target, key) => {
    Max(MAX_FISCAL_YEAR)(target, key);
    Min(MIN_FISCAL_YEAR)(target, key);
    IsInt()(target, key);
  };
}
