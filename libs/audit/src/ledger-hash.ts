import { createHash } from 'node:crypto';

/**
 * The audit ledger's hash chain: each entry's SHA-256 covers its content and the previous entry's
 * hash, so changing, removing or reordering any entry breaks every later link.
 */
export interface LedgerContent {
  tenantId: string;
  seq: number;
  occurredAt: string;
  actorType: 'user' | 'system';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  itemId: string | null;
  cycleId: string | null;
  taskId: string | null;
  approvalId: string | null;
  payload: unknown;
  comment: string | null;
  workflowId: string | null;
  runId: string | null;
  eventKey: string | null;
}

export function ledgerHash(content: LedgerContent, prevHash: string | null): string {
  return createHash('sha256')
    .update(canonicalJson({ ...content, prevHash }))
    .digest('hex');
}

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same way,
 * whatever order PostgreSQL's jsonb hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
