import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** A file to freeze: its URL-safe name, content type and bytes. */
export interface EditionFileInput {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A frozen file as listed: what an auditor compares a download with. */
export interface EditionFile {
  name: string;
  contentType: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes, computed here when the file was frozen. */
  sha256: string;
}

/** One published edition (公表版) of a plan's fiscal year. */
export interface PlanEdition {
  id: string;
  planId: string;
  fiscalYear: number;
  /** 1 for 第1版, 2 for 第2版 … per plan and fiscal year. */
  editionNumber: number;
  title: string;
  reason: string;
  supersedes: { id: string; editionNumber: number } | null;
  publishedAt: Date;
  publishedBy: { userId: string; displayName: string } | null;
  files: EditionFile[];
}

export interface EditionPublish {
  tenantId: string;
  planId: string;
  fiscalYear: number;
  title: string;
  reason: string;
  actor: LedgerUserActor;
  files: EditionFileInput[];
}

/**
 * `created: false` answers a repeated request: the latest edition of the year already has this
 * title and reason, so the first one stands and nothing is written (a retried POST whose answer
 * was lost). A correction names a new reason, so it always makes a new edition.
 */
export type EditionPublishOutcome = { edition: PlanEdition; created: boolean } | 'plan_not_found';

/** The stored file with its bytes and its edition's heading, for the download. */
export interface EditionFileContent extends EditionFile {
  bytes: Buffer;
  planTitle: string;
  fiscalYear: number;
  editionNumber: number;
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface EditionRow {
  id: string;
  plan_id: string;
  fiscal_year: number;
  edition_number: number;
  title: string;
  reason: string;
  supersedes_edition_id: string | null;
  supersedes_number: number | null;
  published_at: Date;
  published_by: string | null;
  published_by_name: string | null;
}

const EDITION_SELECT = `
  SELECT e.id, e.plan_id, e.fiscal_year, e.edition_number, e.title, e.reason, e.supersedes_edition_id,
         s.edition_number AS supersedes_number, e.published_at, e.published_by, u.display_name AS published_by_name
    FROM plan_editions e
    LEFT JOIN plan_editions s ON s.id = e.supersedes_edition_id
    LEFT JOIN users u ON u.id = e.published_by AND u.tenant_id = e.tenant_id`;

/**
 * Published editions: frozen files in plan_editions / plan_edition_files, which the database
 * refuses to change (trigger and grants, migration 1735500000000). Each freezing writes the rows,
 * one `edition.published` ledger entry with every file's SHA-256 and an outbox event in one
 * transaction.
 */
export class PlanEditionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The plan's editions, newest first; null when the plan is not the tenant's. */
  async list(tenantId: string, planId: string, fiscalYear?: number): Promise<PlanEdition[] | null> {
    const [plan] = await this.dataSource.query('SELECT 1 FROM plans WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      planId,
    ]);
    if (!plan) return null;
    const rows: EditionRow[] = await this.dataSource.query(
      `${EDITION_SELECT}
        WHERE e.tenant_id = $1 AND e.plan_id = $2 AND ($3::int IS NULL OR e.fiscal_year = $3)
        ORDER BY e.published_at DESC, e.fiscal_year DESC, e.edition_number DESC`,
      [tenantId, planId, fiscalYear ?? null],
    );
    return this.withFiles(this.dataSource.manager, rows);
  }

  /** One frozen file with its bytes, or null (no such plan, edition or name in the tenant). */
  async file(
    tenantId: string,
    planId: string,
    editionId: string,
    name: string,
  ): Promise<EditionFileContent | null> {
    const [row] = await this.dataSource.query(
      `SELECT f.name, f.content_type, f.size, f.sha256, f.bytes, p.title AS plan_title, e.fiscal_year,
              e.edition_number
         FROM plan_edition_files f JOIN plan_editions e ON e.id = f.edition_id JOIN plans p ON p.id = e.plan_id
        WHERE e.tenant_id = $1 AND e.plan_id = $2 AND e.id = $3 AND f.name = $4`,
      [tenantId, planId, editionId, name],
    );
    if (!row) return null;
    return {
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
      bytes: row.bytes,
      planTitle: row.plan_title,
      fiscalYear: row.fiscal_year,
      editionNumber: row.edition_number,
    };
  }

  /**
   * Freezes the files as the next edition of the plan's fiscal year. The plan row is locked first,
   * so two requests at once queue: the second sees the first's edition (a repeat, or number + 1).
   */
  publish(input: EditionPublish): Promise<EditionPublishOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const [plan]: Array<{ title: string }> = await tx.query(
        'SELECT title FROM plans WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [input.tenantId, input.planId],
      );
      if (!plan) return 'plan_not_found' as const;
      const [latest]: EditionRow[] = await tx.query(
        `${EDITION_SELECT}
          WHERE e.tenant_id = $1 AND e.plan_id = $2 AND e.fiscal_year = $3
          ORDER BY e.edition_number DESC LIMIT 1`,
        [input.tenantId, input.planId, input.fiscalYear],
      );
      if (latest && latest.title === input.title && latest.reason === input.reason) {
        const [edition] = await this.withFiles(tx, [latest]);
        return { edition: edition!, created: false };
      }
      const editionNumber = (latest?.edition_number ?? 0) + 1;
      const [inserted]: Array<{ id: string; published_at: Date }> = await tx.query(
        `INSERT INTO plan_editions (tenant_id, plan_id, fiscal_year, edition_number, title, reason,
                                    supersedes_edition_id, published_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, published_at`,
        [
          input.tenantId,
          input.planId,
          input.fiscalYear,
          editionNumber,
          input.title,
          input.reason,
          latest?.id ?? null,
          input.actor.userId,
        ],
      );
      const files: EditionFile[] = [];
      for (const [sort, file] of input.files.entries()) {
        const frozen = {
          name: file.name,
          contentType: file.contentType,
          size: file.bytes.length,
          sha256: sha256Hex(file.bytes),
        };
        await tx.query(
          `INSERT INTO plan_edition_files (edition_id, name, content_type, bytes, sha256, size, sort)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [inserted!.id, frozen.name, frozen.contentType, file.bytes, frozen.sha256, frozen.size, sort],
        );
        files.push(frozen);
      }
      const supersedes = latest ? { id: latest.id, editionNumber: latest.edition_number } : null;
      const payload = {
        editionId: inserted!.id,
        planId: input.planId,
        planTitle: plan.title,
        fiscalYear: input.fiscalYear,
        editionNumber,
        title: input.title,
        reason: input.reason,
        supersedesEditionId: supersedes?.id ?? null,
        supersedesEditionNumber: supersedes?.editionNumber ?? null,
        files: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })),
      };
      const entry = administrativeEntry(
        input.tenantId,
        input.actor,
        'edition.published',
        payload,
        input.reason,
      );
      await appendLedgerEntry(tx, entry);
      await tx.query(
        `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at)
         VALUES ($1, $2, 'edition.published', $3::jsonb, $4) ON CONFLICT (event_key) DO NOTHING`,
        [input.tenantId, `edition.published#${inserted!.id}`, JSON.stringify(payload), entry.occurredAt],
      );
      const edition: PlanEdition = {
        id: inserted!.id,
        planId: input.planId,
        fiscalYear: input.fiscalYear,
        editionNumber,
        title: input.title,
        reason: input.reason,
        supersedes,
        publishedAt: inserted!.published_at,
        publishedBy: { userId: input.actor.userId, displayName: input.actor.displayName },
        files,
      };
      return { edition, created: true };
    });
  }

  /** The rows as editions with their files' listing (never the bytes), in the rows' order. */
  private async withFiles(manager: EntityManager, rows: EditionRow[]): Promise<PlanEdition[]> {
    if (rows.length === 0) return [];
    const files: Array<{
      edition_id: string;
      name: string;
      content_type: string;
      size: number;
      sha256: string;
    }> = await manager.query(
      `SELECT edition_id, name, content_type, size, sha256 FROM plan_edition_files
          WHERE edition_id = ANY($1::uuid[]) ORDER BY sort`,
      [rows.map((r) => r.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      planId: row.plan_id,
      fiscalYear: row.fiscal_year,
      editionNumber: row.edition_number,
      title: row.title,
      reason: row.reason,
      supersedes:
        row.supersedes_edition_id && row.supersedes_number !== null
          ? { id: row.supersedes_edition_id, editionNumber: row.supersedes_number }
          : null,
      publishedAt: row.published_at,
      publishedBy: row.published_by
        ? { userId: row.published_by, displayName: row.published_by_name ?? '' }
        : null,
      files: files
        .filter((f) => f.edition_id === row.id)
        .map((f) => ({ name: f.name, contentType: f.content_type, size: f.size, sha256: f.sha256 })),
    }));
  }
}
