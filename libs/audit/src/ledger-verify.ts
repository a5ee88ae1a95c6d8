import { type LedgerContent, ledgerHash } from './ledger-hash';

/** A ledger entry as stored: its content, the previous entry's hash and its own hash. */
export interface LedgerRecord extends LedgerContent {
  prevHash: string | null;
  hash: string;
}

/**
 * Why a chain does not verify:
 * - `seq_gap`: an entry is missing (deleted), reported at the missing sequence number;
 * - `prev_hash_mismatch`: the entry does not link to the entry before it (removed, reordered or
 *   rewritten together with its own hash);
 * - `hash_mismatch`: the entry's content no longer matches its hash (changed in place);
 * - `missing_tail`: the tenant's counter says more entries were written than exist;
 * - `head_mismatch`: the tenant's head hash or counter does not match the last entry;
 * - `anchor_mismatch`: the entry at a sequence number an auditor wrote down has another hash now
 *   (or is gone): the chain was rebuilt since.
 */
export type ChainBreakReason =
  | 'seq_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'missing_tail'
  | 'head_mismatch'
  | 'anchor_mismatch';

export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
}

/** What the tenant row says the chain ends with (tenants.audit_seq / audit_head_hash). */
export interface LedgerHead {
  seq: number;
  hash: string | null;
}

/** A hash an auditor recorded earlier (from a previous verification) and expects to find again. */
export interface LedgerAnchor {
  seq: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries that verified, in order, before the first break (all of them when ok). */
  entries: number;
  /** Sequence number of the last entry that verified (0 when none). */
  lastSeq: number;
  lastHash: string | null;
  firstBroken?: ChainBreak;
  /** Every break found, in order, up to the limit. */
  breaks?: ChainBreak[];
  /** More breaks exist than were listed (the walk stopped at the limit). */
  truncated?: boolean;
}

export const CHAIN_BREAK_MESSAGES: Readonly<Record<ChainBreakReason, { ja: string; en: string }>> = {
  seq_gap: {
    ja: '台帳の記録が欠落しています（削除された可能性があります）。',
    en: 'A ledger entry is missing (it may have been deleted).',
  },
  prev_hash_mismatch: {
    ja: '直前の記録とのハッシュ連鎖が切れています（削除・並べ替え・書換えの可能性があります）。',
    en: 'The entry does not link to the entry before it (removed, reordered or rewritten).',
  },
  hash_mismatch: {
    ja: '記録の内容がハッシュと一致しません（改ざんされた可能性があります）。',
    en: 'The entry’s content does not match its hash (it was changed).',
  },
  missing_tail: {
    ja: '最新の記録が欠落しています（末尾が削除された可能性があります）。',
    en: 'The latest entries are missing (the end of the ledger was deleted).',
  },
  head_mismatch: {
    ja: 'テナントの最新ハッシュが台帳の最後の記録と一致しません。',
    en: 'The tenant’s head hash does not match the last ledger entry.',
  },
  anchor_mismatch: {
    ja: '以前に控えたハッシュと一致しません（台帳が作り直された可能性があります）。',
    en: 'The entry no longer has the hash recorded earlier (the ledger was rebuilt).',
  },
};

/** The hashed content of a stored entry (everything but the hashes themselves). */
export function ledgerContentOf(record: LedgerRecord): LedgerContent {
  return {
    tenantId: record.tenantId,
    seq: record.seq,
    occurredAt: record.occurredAt,
    actorType: record.actorType,
    actorId: record.actorId,
    actorName: record.actorName,
    actorRole: record.actorRole,
    action: record.action,
    itemId: record.itemId,
    cycleId: record.cycleId,
    taskId: record.taskId,
    approvalId: record.approvalId,
    payload: record.payload,
    comment: record.comment,
    workflowId: record.workflowId,
    runId: record.runId,
    eventKey: record.eventKey,
  };
}

/** How many breaks one verification lists before it stops reading (the rest is "and more"). */
export const MAX_REPORTED_BREAKS = 100;

/**
 * Walks one tenant's chain entry by entry in sequence order, holding only the previous entry's
 * sequence number and hash, so a ledger of any length verifies in constant memory. It does not stop
 * at the first break: each later entry is checked against its stored predecessor, so one changed
 * entry is one break and a later, separate tampering is reported too (a first break must not hide
 * the next). Feed it with `push` until it returns false (the break limit) or the entries run out,
 * then call `finish`.
 */
export class LedgerChainVerifier {
  /** The last entry read, verified or not: the next one must follow it. */
  private prevSeq = 0;
  private prevHash: string | null = null;
  /** The verified prefix, before the first break. */
  private lastSeq = 0;
  private lastHash: string | null = null;
  private verified = 0;
  private readonly breaks: ChainBreak[] = [];
  private truncated = false;
  private anchorSeen = false;

  constructor(
    private readonly anchor?: LedgerAnchor,
    private readonly maxBreaks = MAX_REPORTED_BREAKS,
  ) {}

  /** Checks the next entry; false once the break limit is reached (stop reading). */
  push(record: LedgerRecord): boolean {
    if (this.truncated) return false;
    const expectedSeq = this.prevSeq + 1;
    let reason: ChainBreakReason | undefined;
    let at = record.seq;
    if (record.seq !== expectedSeq) {
      // A deletion: reported once at the missing number (the next link is broken by the same act).
      reason = 'seq_gap';
      at = expectedSeq;
    } else if (record.prevHash !== this.prevHash) reason = 'prev_hash_mismatch';
    else if (ledgerHash(ledgerContentOf(record), record.prevHash) !== record.hash) reason = 'hash_mismatch';
    if (this.anchor && record.seq === this.anchor.seq) {
      this.anchorSeen = true;
      if (!reason && record.hash !== this.anchor.hash) reason = 'anchor_mismatch';
    }
    this.prevSeq = record.seq;
    this.prevHash = record.hash;
    if (reason) return this.fail(at, reason);
    if (this.breaks.length === 0) {
      this.lastSeq = record.seq;
      this.lastHash = record.hash;
      this.verified += 1;
    }
    return true;
  }

  /** The verdict, once every entry has been pushed: compares the end of the chain with the head. */
  finish(head: LedgerHead): ChainVerification {
    if (!this.truncated) {
      if (head.seq > this.prevSeq) this.fail(this.prevSeq + 1, 'missing_tail');
      else if (head.seq < this.prevSeq) this.fail(head.seq + 1, 'head_mismatch');
      else if (head.hash !== this.prevHash) this.fail(Math.max(this.prevSeq, 1), 'head_mismatch');
      if (this.anchor && !this.anchorSeen) this.fail(this.anchor.seq, 'anchor_mismatch');
    }
    const broken = this.breaks.length > 0;
    return {
      ok: !broken,
      entries: this.verified,
      lastSeq: this.lastSeq,
      lastHash: this.lastHash,
      ...(broken ? { firstBroken: this.breaks[0], breaks: [...this.breaks], truncated: this.truncated } : {}),
    };
  }

  private fail(seq: number, reason: ChainBreakReason): boolean {
    if (this.breaks.length >= this.maxBreaks) {
      this.truncated = true;
      return false;
    }
    this.breaks.push({ seq, reason });
    return true;
  }
}
