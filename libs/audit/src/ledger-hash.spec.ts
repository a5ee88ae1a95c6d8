import { canonicalJson, type LedgerContent, ledgerHash } from './ledger-hash';

const entry: LedgerContent = {
  tenantId: 't',
  seq: 1,
  occurredAt: '2025-04-01T00:00:00.000Z',
  actorType: 'user',
  actorId: 'u',
  actorName: '平塚 太郎',
  actorRole: 'wg_leader',
  action: 'plan.submitted',
  itemId: 'i',
  cycleId: 'c',
  taskId: null,
  approvalId: null,
  payload: { b: 1, a: [{ y: 2, x: 1 }] },
  comment: null,
  workflowId: 'w',
  runId: 'r',
  eventKey: 'w:1',
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }, 3] })).toBe('{"a":[{"x":1,"y":2},3],"b":1}');
  });
});

describe('ledgerHash', () => {
  it('does not depend on key order', () => {
    const reordered = { ...entry, payload: { a: [{ x: 1, y: 2 }], b: 1 } };
    expect(ledgerHash(reordered, null)).toBe(ledgerHash(entry, null));
  });

  it('changes with the content and with the previous hash', () => {
    const sut = ledgerHash(entry, null);
    expect(sut).toMatch(/^[0-9a-f]{64}$/);
    expect(ledgerHash({ ...entry, comment: 'x' }, null)).not.toBe(sut);
    expect(ledgerHash(entry, 'f'.repeat(64))).not.toBe(sut);
  });
});
