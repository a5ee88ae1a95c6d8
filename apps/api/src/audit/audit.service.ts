import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpStatus, Injectable } from '@nestjs/common';
import {
  CHAIN_BREAK_MESSAGES,
  describeLedgerEntry,
  type LedgerAnchor,
  LedgerChainVerifier,
  type LedgerCsvLang,
  ledgerCsvHeader,
  ledgerCsvRow,
} from '@pdca/audit';
import { jstInstant, type LocalizedText } from '@pdca/domain';
import {
  AuditReadRepository,
  CycleReadRepository,
  type CycleRunRef,
  ItemRepository,
  type LedgerExportFilter,
  type LedgerTimelineRecord,
} from '@pdca/persistence/repositories';
import { ExternalReviewReadRepository } from '@pdca/persistence/repositories/external-review-read.repository';
import { apiError, errorDetail, notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { CYCLE } from '../cycles/cycles.service';
import { ITEM } from '../items/items.service';
import {
  type AuditHistoryQueryDto,
  type AuditLogEntryDto,
  type AuditLogFormat,
  type AuditLogQueryDto,
  type AuditVerifyDto,
  type AuditVerifyQueryDto,
  type CycleHistoryDto,
  type ItemHistoryDto,
  RUN_STATUS_MESSAGES,
  type TemporalSourceDto,
} from './audit.dto';
import { buildTimeline, type CycleRef, type RunHistory } from './audit-timeline';
import { WorkflowHistoryService } from './workflow-history.service';

const DAY_MS = 86_400_000;

const CONTENT_TYPES: Record<AuditLogFormat, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * What auditors read: the hash-chained ledger verified end to end, the history of a cycle or an
 * item (ledger merged with Temporal's event history), and the ledger exported as a stream.
 * Everything is scoped to the caller's tenant.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly ledger: AuditReadRepository,
    private readonly cycles: CycleReadRepository,
    private readonly items: ItemRepository,
    private readonly histories: WorkflowHistoryService,
    private readonly reviews: ExternalReviewReadRepository,
  ) {}

  /** Walks the whole chain in batches, holding one entry's hash at a time. */
  async verify(user: AuthUser, query: AuditVerifyQueryDto): Promise<AuditVerifyDto> {
    const anchor = anchorOf(query);
    const started = performance.now();
    const verifier = new LedgerChainVerifier(anchor);
    const head = await this.ledger.readChain(user.tenantId, (batch) => batch.every((r) => verifier.push(r)));
    const result = verifier.finish(head);
    const broken = result.firstBroken;
    return {
      ok: result.ok,
      entries: result.entries,
      lastSeq: result.lastSeq,
      ...(broken
        ? {
            firstBrokenSeq: broken.seq,
            reason: broken.reason,
            messageEn: CHAIN_BREAK_MESSAGES[broken.reason].en,
            messageJa: CHAIN_BREAK_MESSAGES[broken.reason].ja,
            breaks: (result.breaks ?? []).map((b) => ({
              seq: b.seq,
              reason: b.reason,
              messageEn: CHAIN_BREAK_MESSAGES[b.reason].en,
              messageJa: CHAIN_BREAK_MESSAGES[b.reason].ja,
            })),
            breaksTruncated: result.truncated ?? false,
          }
        : {}),
      headSeq: head.seq,
      headHash: head.hash,
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
  }

  async cycleHistory(user: AuthUser, cycleId: string, query: AuditHistoryQueryDto): Promise<CycleHistoryDto> {
    const cycle = await this.cycles.findCycle(user.tenantId, cycleId);
    if (!cycle) throw notFound(CYCLE);
    const ledger = await this.ledger.entriesOfCycle(user.tenantId, cycleId);
    const ref: CycleRunRef = {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      workflowId: cycle.workflowId,
      runId: cycle.runId,
      status: cycle.status,
    };
    const { runs, sources } = await this.readRuns([ref], ledger);
    return {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      workflowId: cycle.workflowId,
      itemId: cycle.itemId,
      itemCode: cycle.itemCode,
      itemTitle: cycle.itemTitle,
      ledgerEntries: ledger.length,
      temporal: sources,
      temporalComplete: sources.every((s) => s.status === 'available'),
      entries: buildTimeline(ledger, runs, cycleRefs([ref]), query.detail ?? 'summary'),
    };
  }

  async itemHistory(user: AuthUser, itemId: string, query: AuditHistoryQueryDto): Promise<ItemHistoryDto> {
    const item = await this.items.findById(user.tenantId, itemId);
    if (!item) throw notFound(ITEM);
    const [cycles, everything] = await Promise.all([
      this.ledger.cyclesOfItem(user.tenantId, itemId),
      this.ledger.entriesOfItem(user.tenantId, itemId),
    ]);
    const ledger = await this.visibleToReviewer(user, itemId, everything);
    const { runs, sources } = await this.readRuns(cycles, ledger);
    return {
      itemId: item.id,
      itemCode: item.code,
      itemTitle: item.title,
      cycles: cycles.map((c) => ({
        cycleId: c.cycleId,
        fiscalYear: c.fiscalYear,
        workflowId: c.workflowId,
        status: c.status,
      })),
      ledgerEntries: ledger.length,
      temporal: sources,
      temporalComplete: sources.every((s) => s.status === 'available'),
      entries: buildTimeline(ledger, runs, cycleRefs(cycles), query.detail ?? 'summary'),
    };
  }

  /**
   * An external reviewer reads the item's timeline under the round's rule: the other members' 意見
   * (their entries name the proposed result) only in rounds where the reviewer has given their own.
   * Everyone else reads every entry.
   */
  private async visibleToReviewer<
    T extends { action: string; actorId: string | null; taskId: string | null },
  >(user: AuthUser, itemId: string, entries: T[]): Promise<T[]> {
    if (!user.roles.includes('external_reviewer')) return entries;
    const answered = await this.reviews.roundsWithOwnOpinion(user.tenantId, itemId, user.id);
    return entries.filter(
      (e) =>
        e.action !== 'external_review.opinion_submitted' ||
        e.actorId === user.id ||
        (e.taskId !== null && answered.has(e.taskId)),
    );
  }

  /**
   * Streams the filtered ledger: keyset batches from PostgreSQL, each encoded and written only
   * when the client has taken the previous one (pipeline backpressure), so memory stays flat
   * whatever the range. Problems before the first byte answer as JSON errors; a failure midway
   * aborts the connection, so a cut-off download never looks complete.
   */
  async exportLog(user: AuthUser, query: AuditLogQueryDto, res: ServerResponse): Promise<void> {
    const filter = exportFilter(user, query);
    const format = query.format ?? 'json';
    const batches = this.ledger.exportBatches(filter);
    const first = await batches.next();
    res.statusCode = HttpStatus.OK;
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(user.tenantCode, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const chunks = encodeExport(format, first.done ? [] : first.value, batches, query.lang ?? 'ja');
    try {
      await pipeline(Readable.from(chunks, { highWaterMark: 1 }), res);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return; // the client left
      throw err;
    }
  }

  /** Every run of the given cycles, as named by their ledger entries and cycle rows, read from Temporal. */
  private async readRuns(
    cycles: readonly CycleRunRef[],
    ledger: readonly LedgerTimelineRecord[],
  ): Promise<{ runs: RunHistory[]; sources: TemporalSourceDto[] }> {
    const wanted: Array<{ workflowId: string; runId: string; fiscalYear: number }> = [];
    for (const cycle of cycles) {
      const runIds = new Set<string>();
      for (const record of ledger) {
        if (record.workflowId === cycle.workflowId && record.runId) runIds.add(record.runId);
      }
      if (cycle.runId) runIds.add(cycle.runId);
      for (const runId of runIds)
        wanted.push({ workflowId: cycle.workflowId, runId, fiscalYear: cycle.fiscalYear });
    }
    const runs = await Promise.all(wanted.map((w) => this.histories.fetchRun(w.workflowId, w.runId)));
    const sources = runs.map((run, i): TemporalSourceDto => {
      const message = run.status === 'available' ? undefined : RUN_STATUS_MESSAGES[run.status];
      return {
        workflowId: run.workflowId,
        runId: run.runId,
        fiscalYear: wanted[i].fiscalYear,
        status: run.status,
        events: run.events.length,
        ...(message ? { messageEn: message.en, messageJa: message.ja } : {}),
      };
    });
    return { runs, sources };
  }
}

function cycleRefs(cycles: readonly CycleRunRef[]): Map<string, CycleRef> {
  return new Map(cycles.map((c) => [c.workflowId, { cycleId: c.cycleId, fiscalYear: c.fiscalYear }]));
}

function anchorOf(query: AuditVerifyQueryDto): LedgerAnchor | undefined {
  if (query.anchorSeq === undefined && query.anchorHash === undefined) return undefined;
  if (query.anchorSeq === undefined || query.anchorHash === undefined) {
    const missing = query.anchorSeq === undefined ? 'anchorSeq' : 'anchorHash';
    throw apiError(
      HttpStatus.BAD_REQUEST,
      { ja: 'anchorSeqとanchorHashは両方指定してください。', en: 'Give anchorSeq and anchorHash together.' },
      {
        code: 'VALIDATION_FAILED',
        details: [
          errorDetail(missing, 'isDefined', {
            ja: `${missing}を入力してください。`,
            en: `${missing} is required with the other anchor field.`,
          }),
        ],
      },
    );
  }
  return { seq: query.anchorSeq, hash: query.anchorHash };
}

function exportFilter(user: AuthUser, query: AuditLogQueryDto): LedgerExportFilter {
  const from = query.from === undefined ? undefined : instantOf(query.from, 'from');
  const to = query.to === undefined ? undefined : instantOf(query.to, 'to');
  if (from && to && from.getTime() >= to.getTime()) {
    throw badQuery('to', { ja: 'toはfromより後の日時を指定してください。', en: 'to must be after from.' });
  }
  return {
    tenantId: user.tenantId,
    from,
    to,
    actor: query.actor?.toLowerCase(),
    actions: query.action?.split(','),
    itemId: query.itemId?.toLowerCase(),
    cycleId: query.cycleId?.toLowerCase(),
  };
}

/** A date alone is a day in Japan time: `from` its start, `to` its end (the day is included). */
function instantOf(text: string, field: 'from' | 'to'): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const start = jstInstant(Number(day[1]), Number(day[2]), Number(day[3])).getTime();
    return new Date(field === 'from' ? start : start + DAY_MS);
  }
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) {
    throw badQuery(field, {
      ja: `${field}は日付（2025-04-01）または日時（2025-04-01T09:00:00+09:00）で指定してください。`,
      en: `${field} must be a date (2025-04-01) or a date-time (2025-04-01T09:00:00+09:00).`,
    });
  }
  return instant;
}

function badQuery(field: string, text: LocalizedText) {
  return apiError(HttpStatus.BAD_REQUEST, text, {
    code: 'VALIDATION_FAILED',
    details: [errorDetail(field, 'range', text)],
  });
}

function exportFileName(tenantCode: string, format: AuditLogFormat): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `audit-log-${tenantCode}-${stamp}.${format === 'ndjson' ? 'ndjson' : format}`;
}

export function mapAuditLogEntry(record: LedgerTimelineRecord): AuditLogEntryDto {
  return {
    seq: record.seq,
    occurredAt: record.occurredAt,
    actorType: record.actorType,
    actorId: record.actorId,
    actorName: record.actorName,
    actorRole: record.actorRole,
    action: record.action,
    description: describeLedgerEntry(record),
    tenantId: record.tenantId,
    itemId: record.itemId,
    itemCode: record.itemCode,
    fiscalYear: record.fiscalYear,
    cycleId: record.cycleId,
    taskId: record.taskId,
    approvalId: record.approvalId,
    payload: record.payload,
    comment: record.comment,
    workflowId: record.workflowId,
    runId: record.runId,
    eventKey: record.eventKey,
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

/** One string per batch: the client's pace decides when the next batch is read. */
async function* encodeExport(
  format: AuditLogFormat,
  first: LedgerTimelineRecord[],
  rest: AsyncGenerator<LedgerTimelineRecord[]>,
  lang: LedgerCsvLang,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield ledgerCsvHeader(lang) + csvBatch(first);
    for await (const batch of rest) yield csvBatch(batch);
    return;
  }
  if (format === 'ndjson') {
    if (first.length > 0) yield ndjsonBatch(first);
    for await (const batch of rest) yield ndjsonBatch(batch);
    return;
  }
  let written = first.length;
  yield `[${first.length > 0 ? '\n' : ''}${jsonBatch(first)}`;
  for await (const batch of rest) {
    yield `${written > 0 ? ',\n' : '\n'}${jsonBatch(batch)}`;
    written += batch.length;
  }
  yield written > 0 ? '\n]\n' : ']\n';
}

const csvBatch = (batch: LedgerTimelineRecord[]) =>
  batch.map((r) => ledgerCsvRow({ ...r, description: describeLedgerEntry(r) })).join('');
const ndjsonBatch = (batch: LedgerTimelineRecord[]) =>
  batch.map((r) => `${JSON.stringify(mapAuditLogEntry(r))}\n`).join('');
const jsonBatch = (batch: LedgerTimelineRecord[]) =>
  batch.map((r) => JSON.stringify(mapAuditLogEntry(r))).join(',\n');
