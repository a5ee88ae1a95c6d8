import type { PolicyApprovalState } from '@pdca/contracts';
import type { LocalizedText } from '@pdca/domain';
import type { DataSource } from 'typeorm';

/**
 * The read side of an HQ approval chain kept by a workflow's projection in a table of its own
 * (policy_evaluation_approvals, external_response_approvals): one row a step of a round, naming
 * its subject (the evaluation, the response) in one column.
 */
export interface ApprovalChainTables<K extends string> {
  /** The steps' table, e.g. 'external_response_approvals'. */
  approvals: string;
  /** The subjects' table, with the workflow_id that decides them, e.g. 'external_responses'. */
  subjects: string;
  /** The steps' column naming the subject, e.g. 'response_id'. */
  subjectColumn: string;
  /** That column's name on a row, e.g. 'responseId'. */
  subjectKey: K;
}

/** One step of a chain as stored, its subject under `K`. */
export type ApprovalChainRow<K extends string> = Omit<PolicyApprovalState, 'submittedAt' | 'decidedAt'> & {
  [key in K]: string;
} & { submittedAt: Date; decidedAt: Date | null };

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function approvalChainRow<K extends string>(
  chain: ApprovalChainTables<K>,
  r: Record<string, unknown>,
): ApprovalChainRow<K> {
  return {
    id: r.id as string,
    [chain.subjectKey]: r[chain.subjectColumn] as string,
    round: Number(r.round),
    stepIndex: Number(r.step_index),
    stepKey: r.step_key as string,
    stepLabel: r.step_label as LocalizedText,
    status: r.status as PolicyApprovalState['status'],
    submittedBy: r.submitted_by as string,
    submittedAt: date(r.submitted_at)!,
    decidedBy: text(r.decided_by),
    decidedAt: date(r.decided_at),
    comment: text(r.comment),
  } as ApprovalChainRow<K>;
}

/** The steps of these subjects, by round and step. */
export async function approvalChainsOf<K extends string>(
  dataSource: DataSource,
  chain: ApprovalChainTables<K>,
  tenantId: string,
  subjectIds: readonly string[],
): Promise<ApprovalChainRow<K>[]> {
  if (subjectIds.length === 0) return [];
  const rows = await dataSource.query(
    `SELECT * FROM ${chain.approvals} WHERE tenant_id = $1 AND ${chain.subjectColumn} = ANY($2::uuid[])
        ORDER BY round, step_index`,
    [tenantId, subjectIds],
  );
  return rows.map((r: Record<string, unknown>) => approvalChainRow(chain, r));
}

/**
 * The tenant's steps (of one status, or all) for HQ's inbox, in the order they were submitted, each
 * with its subject under `as`: `subjectSelect` reads the subjects (with their `id`), `toSubject`
 * maps one.
 */
export async function approvalInbox<K extends string, A extends string, S>(
  dataSource: DataSource,
  chain: ApprovalChainTables<K>,
  tenantId: string,
  status: string | undefined,
  subject: { as: A; select: string; toSubject: (r: Record<string, unknown>) => S },
): Promise<Array<ApprovalChainRow<K> & { [key in A]: S }>> {
  const rows = await dataSource.query(
    `SELECT a.*, row_to_json(x) AS ${subject.as} FROM ${chain.approvals} a
         JOIN (${subject.select}) x ON x.id = a.${chain.subjectColumn}
        WHERE a.tenant_id = $1 AND ($2::text IS NULL OR a.status = $2)
        ORDER BY a.submitted_at, a.step_index`,
    [tenantId, status ?? null],
  );
  return rows.map((r: Record<string, unknown>) => ({
    ...approvalChainRow(chain, r),
    [subject.as]: subject.toSubject(r[subject.as] as Record<string, unknown>),
  }));
}

/** Which workflow decides an approval step (null: not one of this chain's). */
export async function approvalChainTarget<K extends string>(
  dataSource: DataSource,
  chain: ApprovalChainTables<K>,
  tenantId: string,
  approvalId: string,
): Promise<{ workflowId: string } | null> {
  const rows = await dataSource.query(
    `SELECT s.workflow_id FROM ${chain.approvals} a JOIN ${chain.subjects} s ON s.id = a.${chain.subjectColumn}
        WHERE a.tenant_id = $1 AND a.id = $2`,
    [tenantId, approvalId],
  );
  return rows[0] ? { workflowId: rows[0].workflow_id } : null;
}
