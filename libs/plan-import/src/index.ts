export {
  COLUMN_ALIASES,
  type ColumnMapping,
  classifyHeader,
  normalizeHeaderKey,
  PLAN_FIELDS,
} from './column-mapping';
export {
  configurePlanParsing,
  DEFAULT_PARSE_LIMITS,
  PlanParseBusyError,
  type PlanParseLimits,
  PlanParsePool,
  parsePlanFileOffThread,
} from './parse-off-thread';
export {
  type ChangedPlanItem,
  diffPlanAgainstSnapshot,
  type IndicatorSnapshot,
  type PlanImportDiff,
  type PlanItemDiffField,
  type PlanItemSnapshot,
  type PlanSnapshot,
  toPlanSnapshot,
} from './plan-diff';
export { DEFAULT_MAX_BYTES, parsePlanFile } from './plan-file.parser';
export {
  httpStatusOf,
  PlanImportError,
  type PlanImportHttpStatus,
  unwrapPlanImport,
} from './plan-import.error';
export type * from './plan-import.types';
export { DEFAULT_MAX_ROWS, MAX_LENGTHS, validatePlanTable } from './plan-table.validator';
export type { RawRow, RawTable } from './table-readers';
export {
  parseDirection,
  parseFiscalYear,
  parseIndicatorKind,
  parseNumberCell,
  parsePeriod,
  splitLabel,
} from './value-parsers';
