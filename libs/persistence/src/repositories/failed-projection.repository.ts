import { DataSource } from 'typeorm';

export interface FailedProjectionInput {
  workflowId: string;
  runId: string;
  seq: number;
  eventType: string;
  tenantId: string | null;
  cycleId: string | null;
  /** SQLSTATE, or a code of ours (e.g. MALFORMED_TEXT, RETRIES_EXHAUSTED). */
  errorCode: string;
  errorMessage: string;
  attempts: number;
}

/**
 * A value PostgreSQL refuses as data: SQLSTATE class 22 (data exception: bad encoding, value out
 * of range, …) or 23 (integrity constraint). Retrying cannot help. The one class-23 error that is
 * not a data error is a duplicate claim of the same event in projection_log — the idempotency key
 * doing its job — and that one never surfaces (ON CONFLICT DO NOTHING), but is excluded to be sure.
 */
export function isPostgresDataError(err: unknown): err is { code: string; message: string } {
  if (typeof err !== 'object' || err === null) return false;
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return false;
  return !(code === '23505' && constraint === 'projection_log_pkey');
}

/** The projection's dead letters (failed_projections): written by the worker, counted by /health. */
export class FailedProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records (or refreshes) the failure of one event, in its own statement outside the failed transaction. */
  async record(failure: FailedProjectionInput): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO failed_projections (workflow_id, seq, run_id, event_type, tenant_id, cycle_id, error_code,
         error_message, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workflow_id, seq) DO UPDATE SET run_id = EXCLUDED.run_id, error_code = EXCLUDED.error_code,
         error_message = EXCLUDED.error_message, attempts = EXCLUDED.attempts, failed_at = now(), resolved_at = NULL`,
      [
        failure.workflowId,
        failure.seq,
        failure.runId,
        failure.eventType,
        failure.tenantId,
        failure.cycleId,
        failure.errorCode,
        failure.errorMessage.slice(0, 1000),
        failure.attempts,
      ],
    );
  }

  /** Open dead letters: how many, and the oldest few workflow ids (no personal data in them). */
  async open(limit = 5): Promise<{ count: number; workflowIds: string[] }> {
    const [{ count }] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM failed_projections WHERE resolved_at IS NULL',
    );
    const rows: Array<{ workflow_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (workflow_id) workflow_id, failed_at FROM failed_projections
        WHERE resolved_at IS NULL ORDER BY workflow_id, failed_at LIMIT $1`,
      [limit],
    );
    return { count: Number(count), workflowIds: rows.map((r) => r.workflow_id) };
  }
}
