import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ChainBreakReason, MAX_REPORTED_BREAKS } from '@pdca/audit';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { type ExportLang, ExportLangQuery } from '../common/http/export-lang';
import { ItemRefDto } from '../common/http/item-head.dto';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { NumberQuery } from '../common/http/pagination.dto';
import type { RunHistoryStatus } from './audit-timeline';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHAIN_BREAK_REASONS: ChainBreakReason[] = [
  'seq_gap',
  'prev_hash_mismatch',
  'hash_mismatch',
  'missing_tail',
  'head_mismatch',
  'anchor_mismatch',
];

// ---------------------------------------------------------------------------------------------
// GET /audit/verify

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({
    description:
      'With anchorHash: a sequence number and hash written down at an earlier verification. The entry must still carry that hash, which proves the ledger was not rebuilt since (a rebuilt chain can verify on its own).',
    minimum: 1,
  })
  @IsOptional()
  @NumberQuery()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  anchorSeq?: number;

  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the entry at anchorSeq.', pattern: '^[0-9a-f]{64}$' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'anchorHash must be a SHA-256 hash (64 hex digits).' })
  anchorHash?: string;
}

export class LedgerBreakDto {
  @ApiProperty({ description: 'Sequence number of the broken entry (for seq_gap: the missing one).' })
  seq: number;
  @ApiProperty({ enum: CHAIN_BREAK_REASONS })
  reason: ChainBreakReason;
  @ApiProperty()
  messageEn: string;
  @ApiProperty()
  messageJa: string;
}

export class AuditVerifyDto {
  @ApiProperty({ description: 'The whole chain verifies and ends at the tenant’s head.' })
  ok: boolean;
  @ApiProperty({ description: 'Entries verified (all of them when ok; those before the break otherwise).' })
  entries: number;
  @ApiProperty({ description: 'Sequence number of the last entry that verified (0: none).' })
  lastSeq: number;
  @ApiPropertyOptional({ description: 'Sequence number of the first broken link.' })
  firstBrokenSeq?: number;
  @ApiPropertyOptional({ enum: CHAIN_BREAK_REASONS })
  reason?: ChainBreakReason;
  @ApiPropertyOptional({ description: 'What the reason means, in English.' })
  messageEn?: string;
  @ApiPropertyOptional({ description: 'What the reason means, in Japanese.' })
  messageJa?: string;
  @ApiPropertyOptional({
    type: [LedgerBreakDto],
    description: `Every break found, in sequence order, up to ${MAX_REPORTED_BREAKS} (a later tampering is listed even when an earlier break exists).`,
  })
  breaks?: LedgerBreakDto[];
  @ApiPropertyOptional({
    description: `True when more than ${MAX_REPORTED_BREAKS} breaks exist and the list stops there.`,
  })
  breaksTruncated?: boolean;
  @ApiProperty({ description: 'The tenant’s counter (tenants.audit_seq).' })
  headSeq: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The tenant’s head hash (tenants.audit_head_hash). Write it down with headSeq: passing them later as anchorSeq/anchorHash proves nothing before it was rewritten.',
  })
  headHash: string | null;
  @ApiProperty({ format: 'date-time' })
  verifiedAt: string;
  @ApiProperty({ description: 'Server time spent walking the chain.' })
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------
// Timelines: GET /audit/cycles/:cycleId/history and /audit/items/:itemId/history

export class AuditHistoryQueryDto {
  @ApiPropertyOptional({
    enum: ['summary', 'all'],
    default: 'summary',
    description:
      '`summary`: ledger entries plus what Temporal shows beyond them (runs started and ended, Updates accepted with the sender their arguments name, the next year’s cycle, failures). `all`: every Temporal event as well.',
  })
  @IsOptional()
  @IsIn(['summary', 'all'])
  detail?: 'summary' | 'all';
}

export class TimelineActorDto {
  @ApiProperty({ enum: ['user', 'system'] })
  type: 'user' | 'system';
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  userId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Name at the time of the action.' })
  displayName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Role the user acted in at that moment.' })
  role: string | null;
}

export class LedgerRefDto {
  @ApiProperty()
  seq: number;
  @ApiProperty({ description: 'SHA-256 over the entry’s content and prevHash.' })
  hash: string;
  @ApiProperty({ nullable: true, type: String })
  prevHash: string | null;
  @ApiProperty({ nullable: true, type: String, description: '`<workflowId>#<event seq>`' })
  eventKey: string | null;
  @ApiProperty({ nullable: true, type: String })
  workflowId: string | null;
  @ApiProperty({ nullable: true, type: String })
  runId: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The Temporal ActivityTaskScheduled event that wrote the entry (while Temporal has it).',
  })
  temporalEventId: number | null;
}

export class TemporalRefDto {
  @ApiProperty()
  workflowId: string;
  @ApiProperty()
  runId: string;
  @ApiProperty()
  eventId: number;
  @ApiProperty({ example: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED' })
  eventType: string;
}

export class TimelineEntryDto {
  @ApiProperty({ enum: ['ledger', 'temporal'] })
  source: 'ledger' | 'temporal';
  @ApiProperty({
    format: 'date-time',
    description:
      'Ledger: the business time the workflow recorded (differs from server time under a compressed demo calendar); Temporal: the server’s event time. The timeline is ordered by what happened (each ledger entry follows the activity that wrote it), not by this field.',
  })
  at: string;
  @ApiProperty({ nullable: true, type: Number })
  fiscalYear: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  cycleId: string | null;
  @ApiProperty({ description: 'Ledger action (e.g. plan.submitted) or Temporal event type.' })
  kind: string;
  @ApiProperty({
    example:
      '計画を提出 — 改革 リーダー（WGリーダー） / plan submitted by 改革 リーダー (Working-group leader)',
  })
  label: string;
  @ApiProperty()
  labelJa: string;
  @ApiProperty()
  labelEn: string;
  @ApiProperty({
    type: TimelineActorDto,
    nullable: true,
    description: 'The authenticated actor (ledger only).',
  })
  actor: TimelineActorDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'The comment or reason given.' })
  comment: string | null;
  @ApiPropertyOptional({ type: Object, description: 'What the ledger recorded (ledger only).' })
  payload?: unknown;
  @ApiPropertyOptional({ type: LedgerRefDto })
  ledger?: LedgerRefDto;
  @ApiPropertyOptional({ type: TemporalRefDto })
  temporal?: TemporalRefDto;
}

export class TemporalSourceDto {
  @ApiProperty()
  workflowId: string;
  @ApiProperty()
  runId: string;
  @ApiProperty({ nullable: true, type: Number })
  fiscalYear: number | null;
  @ApiProperty({
    enum: ['available', 'not_found', 'unavailable'],
    description:
      '`not_found`: Temporal no longer keeps this run (past the namespace’s retention period); its ledger entries are shown all the same. `unavailable`: Temporal did not answer.',
  })
  status: RunHistoryStatus;
  @ApiProperty({ description: 'Temporal events read for this run.' })
  events: number;
  @ApiPropertyOptional()
  messageEn?: string;
  @ApiPropertyOptional()
  messageJa?: string;
}

export class HistoryCycleDto {
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  workflowId: string;
  @ApiProperty()
  status: string;
}

class HistoryBaseDto extends ItemRefDto {
  @ApiProperty({ description: 'Ledger entries in the timeline.' })
  ledgerEntries: number;
  @ApiProperty({
    type: [TemporalSourceDto],
    description: 'Each workflow run and whether Temporal still has it.',
  })
  temporal: TemporalSourceDto[];
  @ApiProperty({ description: 'Every run’s Temporal history was read.' })
  temporalComplete: boolean;
  @ApiProperty({ type: [TimelineEntryDto] })
  entries: TimelineEntryDto[];
}

export class CycleHistoryDto extends HistoryBaseDto {
  @ApiProperty({ format: 'uuid' })
  cycleId: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  workflowId: string;
}

export class ItemHistoryDto extends HistoryBaseDto {
  @ApiProperty({
    type: [HistoryCycleDto],
    description: 'The item’s cycles, one per fiscal year, oldest first.',
  })
  cycles: HistoryCycleDto[];
}

export const RUN_STATUS_MESSAGES: Record<
  Exclude<RunHistoryStatus, 'available'>,
  { en: string; ja: string }
> = {
  not_found: {
    en: 'Temporal no longer keeps this run’s history (past the retention period); the ledger entries are shown.',
    ja: 'Temporalにはこの実行の履歴が残っていません（保存期間経過）。台帳の記録を表示しています。',
  },
  unavailable: {
    en: 'Temporal did not answer; the ledger entries are shown.',
    ja: 'Temporalに接続できませんでした。台帳の記録を表示しています。',
  },
};

// ---------------------------------------------------------------------------------------------
// GET /audit/log

export const AUDIT_LOG_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type AuditLogFormat = (typeof AUDIT_LOG_FORMATS)[number];

export class AuditLogQueryDto {
  @ApiPropertyOptional({
    description: 'From this instant (inclusive). A date alone (2025-04-01) means 0:00 Japan time that day.',
    example: '2025-04-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description:
      'Up to this instant (exclusive). A date alone (2026-03-31) includes that whole day (Japan time).',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'A user id, or `system` for what the engine did by itself.' })
  @IsOptional()
  @Matches(/^(system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'actor must be a user id (UUID) or system.',
  })
  actor?: string;

  @ApiPropertyOptional({
    description: 'Actions, comma-separated; `approval.*` matches every action starting with `approval.`.',
    example: 'plan.submitted,approval.*',
  })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)*(\.\*)?(,[a-z_]+(\.[a-z_]+)*(\.\*)?)*$/, {
    message: 'action must be action names such as plan.submitted or approval.*, separated by commas.',
  })
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(UUID, { message: 'itemId must be a UUID.' })
  itemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(UUID, { message: 'cycleId must be a UUID.' })
  cycleId?: string;

  @ApiPropertyOptional({
    enum: AUDIT_LOG_FORMATS,
    default: 'json',
    description:
      '`json`: one JSON array; `ndjson`: one entry per line; `csv`: UTF-8 with BOM, CRLF, quoted fields, one header row in the language `lang` names (opens in Excel).',
  })
  @IsOptional()
  @IsIn(AUDIT_LOG_FORMATS)
  format?: AuditLogFormat;

  @ExportLangQuery('CSV headings (`ja`: 連番, 日時（日本時間）, …; `en`: the field names seq, time_jst, …)')
  lang?: ExportLang;
}

/** One exported entry: the hashed content (verifiable offline), its hashes, and labels for readers. */
export class AuditLogEntryDto {
  @ApiProperty()
  seq: number;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiProperty({ enum: ['user', 'system'] })
  actorType: 'user' | 'system';
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String })
  actorName: string | null;
  @ApiProperty({ nullable: true, type: String })
  actorRole: string | null;
  @ApiProperty({ example: 'plan.submitted' })
  action: string;
  @ApiProperty({ type: LocalizedTextDto, description: 'Not hashed: a sentence for readers.' })
  description: LocalizedTextDto;
  @ApiProperty({ format: 'uuid' })
  tenantId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  itemId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Not hashed.' })
  itemCode: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Not hashed.' })
  fiscalYear: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  cycleId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  taskId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  approvalId: string | null;
  @ApiProperty({ type: Object })
  payload: unknown;
  @ApiProperty({ nullable: true, type: String })
  comment: string | null;
  @ApiProperty({ nullable: true, type: String })
  workflowId: string | null;
  @ApiProperty({ nullable: true, type: String })
  runId: string | null;
  @ApiProperty({ nullable: true, type: String })
  eventKey: string | null;
  @ApiProperty({ nullable: true, type: String })
  prevHash: string | null;
  @ApiProperty()
  hash: string;
}
