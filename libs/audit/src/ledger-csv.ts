import type { LocalizedText } from '@pdca/domain';
import type { LedgerRecord } from './ledger-verify';

/**
 * CSV that Excel (Japanese Windows included) opens correctly by double-click: UTF-8 with a byte
 * order mark (without it Excel assumes Shift_JIS and garbles Japanese), CRLF line ends, every
 * field quoted (embedded quotes doubled, so commas and line breaks in comments stay in their cell).
 */
export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

export type CsvValue = string | number | null | undefined;

/**
 * Cells that start with = + - @ (or a tab / carriage return) are formulas to Excel and would run
 * on opening: a user's comment must never become one (CSV injection). Such cells get a leading
 * apostrophe, which Excel shows as text. The JSON export is verbatim.
 */
export function excelSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : excelSafe(value);
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_EOL;
}

/** A ledger entry with what the export adds for readers (not part of the hashed content). */
export interface LedgerExportRecord extends LedgerRecord {
  itemCode: string | null;
  fiscalYear: number | null;
  description: LocalizedText;
}

/** Column headings: Japanese for the reader (`lang=ja`), the field name for tools (`lang=en`). */
export const LEDGER_CSV_COLUMNS: ReadonlyArray<
  LocalizedText & { value: (r: LedgerExportRecord) => CsvValue }
> = [
  { ja: '連番', en: 'seq', value: (r) => r.seq },
  { ja: '日時（日本時間）', en: 'time_jst', value: (r) => jstDateTime(r.occurredAt) },
  { ja: '日時（UTC）', en: 'occurred_at', value: (r) => r.occurredAt },
  { ja: '操作', en: 'action', value: (r) => r.action },
  { ja: '内容', en: 'description_ja', value: (r) => r.description.ja },
  { ja: '内容（英語）', en: 'description_en', value: (r) => r.description.en },
  { ja: '実行者種別', en: 'actor_type', value: (r) => r.actorType },
  { ja: '実行者ID', en: 'actor_id', value: (r) => r.actorId },
  { ja: '実行者名', en: 'actor_name', value: (r) => r.actorName },
  { ja: '実行時の役割', en: 'actor_role', value: (r) => r.actorRole },
  { ja: '改革項目コード', en: 'item_code', value: (r) => r.itemCode },
  { ja: '改革項目ID', en: 'item_id', value: (r) => r.itemId },
  { ja: '年度', en: 'fiscal_year', value: (r) => r.fiscalYear },
  { ja: 'サイクルID', en: 'cycle_id', value: (r) => r.cycleId },
  { ja: 'タスクID', en: 'task_id', value: (r) => r.taskId },
  { ja: '承認ID', en: 'approval_id', value: (r) => r.approvalId },
  { ja: 'コメント・理由', en: 'comment', value: (r) => r.comment },
  { ja: '記録内容（JSON）', en: 'payload', value: (r) => JSON.stringify(r.payload ?? {}) },
  { ja: 'ワークフローID', en: 'workflow_id', value: (r) => r.workflowId },
  { ja: '実行ID', en: 'run_id', value: (r) => r.runId },
  { ja: 'イベントキー', en: 'event_key', value: (r) => r.eventKey },
  { ja: '直前のハッシュ', en: 'prev_hash', value: (r) => r.prevHash },
  { ja: 'ハッシュ（SHA-256）', en: 'hash', value: (r) => r.hash },
];

export const LEDGER_CSV_LANGS = ['ja', 'en'] as const;
export type LedgerCsvLang = (typeof LEDGER_CSV_LANGS)[number];

/**
 * The first line, BOM included, in one language: "連番", "日時（日本時間）", … (ja) or the field
 * names "seq", "time_jst", … (en). One header row, so Excel reads every other line as an entry.
 */
export function ledgerCsvHeader(lang: LedgerCsvLang = 'ja'): string {
  return CSV_BOM + csvLine(LEDGER_CSV_COLUMNS.map((c) => c[lang]));
}

export function ledgerCsvRow(record: LedgerExportRecord): string {
  return csvLine(LEDGER_CSV_COLUMNS.map((c) => c.value(record)));
}

/** 2025-06-30 17:00:00 in Japan time (no daylight saving time, so a fixed +9 h). */
export function jstDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
