import { ledgerHash } from './ledger-hash';
import { LedgerChainVerifier, type LedgerRecord, ledgerContentOf } from './ledger-verify';

function chain(length: number): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= length; seq++) {
    const content = {
      tenantId: 't',
      seq,
      occurredAt: new Date(Date.UTC(2025, 3, 1, 0, 0, seq)).toISOString(),
      actorType: 'user' as const,
      actorId: 'u',
      actorName: '平塚 太郎',
      actorRole: 'wg_leader',
      action: 'plan.submitted',
      itemId: 'i',
      cycleId: 'c',
      taskId: null,
      approvalId: null,
      payload: { round: seq },
      comment: null,
      workflowId: 'w',
      runId: 'r',
      eventKey: `w#${seq}`,
    };
    const hash = ledgerHash(content, prevHash);
    records.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

function verify(records: LedgerRecord[], head = { seq: records.length, hash: records.at(-1)?.hash ?? null }) {
  const sut = new LedgerChainVerifier();
  for (const record of records) if (!sut.push(record)) break;
  return sut.finish(head);
}

describe('LedgerChainVerifier', () => {
  it('verifies an intact chain and an empty one', () => {
    expect(verify(chain(5))).toEqual({ ok: true, entries: 5, lastSeq: 5, lastHash: chain(5)[4].hash });
    expect(verify([])).toEqual({ ok: true, entries: 0, lastSeq: 0, lastHash: null });
  });

  it('reports a changed entry at its own sequence number', () => {
    const records = chain(5);
    records[2] = { ...records[2], comment: 'inserted later' };
    expect(verify(records)).toMatchObject({
      ok: false,
      entries: 2,
      firstBroken: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('reports an entry rewritten together with its hash at the next link', () => {
    const records = chain(5);
    const forged = { ...records[2], comment: 'x', prevHash: records[1].hash };
    records[2] = { ...forged, hash: ledgerHash(ledgerContentOf(forged), forged.prevHash) };
    expect(verify(records).firstBroken).toEqual({ seq: 4, reason: 'prev_hash_mismatch' });
  });

  it('reports a deleted entry as a gap at the missing sequence number', () => {
    const records = chain(5);
    records.splice(1, 1);
    expect(verify(records, { seq: 5, hash: records.at(-1)!.hash }).firstBroken).toEqual({
      seq: 2,
      reason: 'seq_gap',
    });
  });

  it('reports a deleted tail and a head that does not match', () => {
    const records = chain(5);
    expect(verify(records.slice(0, 3), { seq: 5, hash: records[4].hash }).firstBroken).toEqual({
      seq: 4,
      reason: 'missing_tail',
    });
    expect(verify(records, { seq: 5, hash: 'f'.repeat(64) }).firstBroken).toEqual({
      seq: 5,
      reason: 'head_mismatch',
    });
    expect(verify(records, { seq: 4, hash: records[3].hash }).firstBroken).toEqual({
      seq: 5,
      reason: 'head_mismatch',
    });
  });

  it('checks an anchor an auditor wrote down earlier', () => {
    const records = chain(5);
    const withAnchor = (hash: string, seq = 3) => {
      const sut = new LedgerChainVerifier({ seq, hash });
      for (const record of records) sut.push(record);
      return sut.finish({ seq: 5, hash: records[4].hash });
    };
    expect(withAnchor(records[2].hash).ok).toBe(true);
    expect(withAnchor('0'.repeat(64)).firstBroken).toEqual({ seq: 3, reason: 'anchor_mismatch' });
    expect(withAnchor(records[2].hash, 9).firstBroken).toEqual({ seq: 9, reason: 'anchor_mismatch' });
  });

  it('reports every break, not only the first: a later tampering does not hide behind an earlier one', () => {
    const records = chain(10);
    records[2] = { ...records[2], comment: 'changed' };
    records.splice(5, 1); // seq 6 deleted
    records[7] = { ...records[7], payload: { round: 99 } }; // seq 9 changed
    const result = verify(records, { seq: 10, hash: records.at(-1)!.hash });
    expect(result).toMatchObject({
      ok: false,
      entries: 2,
      lastSeq: 2,
      firstBroken: { seq: 3, reason: 'hash_mismatch' },
      breaks: [
        { seq: 3, reason: 'hash_mismatch' },
        { seq: 6, reason: 'seq_gap' },
        { seq: 9, reason: 'hash_mismatch' },
      ],
      truncated: false,
    });
  });

  it('stops at the break limit and says the list is cut short', () => {
    const records = chain(8).map((r) => ({ ...r, comment: 'all changed' }));
    const sut = new LedgerChainVerifier(undefined, 3);
    let read = 0;
    for (const record of records) {
      if (!sut.push(record)) break;
      read += 1;
    }
    const result = sut.finish({ seq: 8, hash: records[7].hash });
    expect(read).toBe(3);
    expect(result.breaks?.map((b) => b.seq)).toEqual([1, 2, 3]);
    expect(result.truncated).toBe(true);
  });
});
