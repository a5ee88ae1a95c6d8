import { DataSource, EntityManager } from 'typeorm';
import type { Page } from './item.repository';

export const SECURITY_EVENT_KINDS = ['sign_in.succeeded', 'sign_in.failed', 'sign_out'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];
export const SIGN_IN_METHODS = ['password', 'oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/**
 * One sign-in, failed sign-in or sign-out. Never a password, token, code or client secret: a
 * failure carries its reason code, and for a failed password sign-in the user only when the
 * email matched an account (a mistyped email is often someone's password).
 */
export interface NewSecurityEvent {
  tenantId: string | null;
  kind: SecurityEventKind;
  method: SignInMethod;
  userId: string | null;
  reason: string | null;
  clientIp: string | null;
  detail?: Record<string, unknown>;
}

export interface SecurityEvent extends NewSecurityEvent {
  id: string;
  occurredAt: Date;
  userDisplayName: string | null;
  detail: Record<string, unknown>;
}

export interface SecurityEventFilter {
  tenantId: string;
  kind?: SecurityEventKind;
  userId?: string;
  limit: number;
  offset: number;
}

interface SecurityEventRow {
  id: string;
  tenant_id: string | null;
  occurred_at: Date;
  kind: SecurityEventKind;
  method: SignInMethod;
  user_id: string | null;
  display_name: string | null;
  reason: string | null;
  client_ip: string | null;
  detail: Record<string, unknown>;
}

/** The security log: append and read per tenant, newest first. */
export class SecurityEventRepository {
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
  }

  async record(event: NewSecurityEvent): Promise<void> {
    await this.manager.query(
      `INSERT INTO security_events (tenant_id, kind, method, user_id, reason, client_ip, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        event.tenantId,
        event.kind,
        event.method,
        event.userId,
        event.reason,
        event.clientIp,
        JSON.stringify(event.detail ?? {}),
      ],
    );
  }

  async list(filter: SecurityEventFilter): Promise<Page<SecurityEvent>> {
    const where = ['e.tenant_id = $1'];
    const params: unknown[] = [filter.tenantId];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`e.kind = $${params.length}`);
    }
    if (filter.userId) {
      params.push(filter.userId);
      where.push(`e.user_id = $${params.length}`);
    }
    const [{ total }]: Array<{ total: string }> = await this.manager.query(
      `SELECT count(*) AS total FROM security_events e WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: SecurityEventRow[] = await this.manager.query(
      `SELECT e.id, e.tenant_id, e.occurred_at, e.kind, e.method, e.user_id, u.display_name, e.reason, e.client_ip, e.detail
         FROM security_events e LEFT JOIN users u ON u.id = e.user_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: String(r.id),
        tenantId: r.tenant_id,
        occurredAt: r.occurred_at,
        kind: r.kind,
        method: r.method,
        userId: r.user_id,
        userDisplayName: r.display_name,
        reason: r.reason,
        clientIp: r.client_ip,
        detail: r.detail,
      })),
    };
  }
}
