// Over 400 lines because the outbox, its deliveries, the in-app inbox and webhooks are one pipeline (fan-out, claim, send, read) over the same tables.
import type { DataSource, EntityManager } from 'typeorm';

/** One outbox row claimed for fan-out. */
export interface OutboxEventRow {
  id: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface RecipientUser {
  id: string;
  email: string;
  language: 'ja' | 'en';
  preferences: Record<string, unknown>;
}

export interface FanOutDirectory {
  approvalSubmittedBy: string | null;
  taskSubmittedBy: string | null;
  cancelledTaskAssignees: string[];
  /** A 施策評価's event: the evaluation's owner (担当部長) and the role of the approval step it names. */
  policyOwner?: string | null;
  policyStepRole?: string | null;
  /** A 市の対応方針's event (#25): the item's leader and the role of the approval step it names. */
  externalLeader?: string | null;
  externalStepRole?: string | null;
  /** Resolves an audience to the tenant's users (the submitter's exclusion applied by the caller's list). */
  users(audience: { userIds: string[]; roles: string[]; excludeUserIds: string[] }): Promise<RecipientUser[]>;
  webhooks(): Promise<Array<{ id: string; url: string }>>;
}

export interface PlannedDelivery {
  channel: 'email' | 'in_app' | 'webhook';
  recipientUserId: string | null;
  webhookId: string | null;
  address: string | null;
  status: 'pending' | 'delivered' | 'digest' | 'skipped';
  lastError?: string | null;
  /**
   * A pending mail sent together with the recipient's others of the same key (kind and fiscal
   * year): held until `quietMs` pass without another of them, at most `maxMs` after the first.
   */
  batch?: { key: string; quietMs: number; maxMs: number } | null;
}

/** A claimed email or webhook delivery with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  channel: 'email' | 'webhook';
  eventType: string;
  attempts: number;
  outboxId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  recipientUserId: string | null;
  email: string | null;
  language: 'ja' | 'en';
  webhookUrl: string | null;
  webhookSecret: string | null;
  itemCode: string | null;
  itemTitle: string | null;
  /** The plan of the item the event names (a link to the plan's page). */
  planId: string | null;
  /** The round of the approval the event names, when it names one. */
  round: number | null;
  /** A 外部評価 event's round title. */
  reviewTitle: string | null;
  batchKey: string | null;
  tenantCode: string;
}

export interface DeliveryLogRow {
  id: string;
  outboxId: string;
  eventType: string;
  channel: string;
  recipientUserId: string | null;
  recipientName: string | null;
  webhookId: string | null;
  address: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface InboxRow {
  id: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  itemCode: string | null;
  itemTitle: string | null;
  planId: string | null;
  round: number | null;
  reviewTitle: string | null;
}

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
  createdBy: string | null;
}

/**
 * What an event is about: its item, or for a 施策評価's event (policy_evaluation.*) the evaluated
 * node in the item's place, the round of the approval it names (an item's, a 施策評価's or a 市の
 * 対応方針's), and for a 外部評価 event (#25) the review round's title.
 */
const SUBJECT_COLUMNS = `COALESCE(i.code, pn.code) AS "itemCode", COALESCE(i.title, pn.title) AS "itemTitle",
  COALESCE(i.plan_id, pn.plan_id) AS "planId", COALESCE(a.round, pa.round, xa.round) AS round,
  xr.title AS "reviewTitle"`;
const SUBJECT_JOINS = `
  LEFT JOIN items i ON i.id::text = o.payload->>'itemId'
  LEFT JOIN approvals a ON a.id::text = o.payload->>'approvalId'
  LEFT JOIN plan_nodes pn ON o.type LIKE 'policy_evaluation.%' AND pn.id::text = o.payload->>'nodeId'
  LEFT JOIN policy_evaluation_approvals pa
    ON o.type LIKE 'policy_evaluation.%' AND pa.id::text = o.payload->>'approvalId'
  LEFT JOIN external_reviews xr ON o.type LIKE 'external_re%' AND xr.id::text = o.payload->>'reviewId'
  LEFT JOIN external_response_approvals xa
    ON o.type LIKE 'external_response.%' AND xa.id::text = o.payload->>'approvalId'`;

const CLAIMED_COLUMNS = `
  d.id, d.tenant_id AS "tenantId", d.channel, d.event_type AS "eventType", d.attempts,
  d.outbox_id::text AS "outboxId", o.payload, o.created_at AS "occurredAt",
  d.recipient_user_id AS "recipientUserId", u.email, COALESCE(u.language, 'ja') AS language,
  w.url AS "webhookUrl", w.secret AS "webhookSecret", ${SUBJECT_COLUMNS}, d.batch_key AS "batchKey",
  t.code AS "tenantCode"`;

const CLAIMED_JOINS = `
  JOIN outbox o ON o.id = d.outbox_id
  JOIN tenants t ON t.id = d.tenant_id
  LEFT JOIN users u ON u.id = d.recipient_user_id
  LEFT JOIN webhooks w ON w.id = d.webhook_id${SUBJECT_JOINS}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (value: unknown): string | null =>
  typeof value === 'string' && UUID.test(value) ? value : null;

/**
 * The outbox relay's queue and the people's inbox: fan-out of outbox rows into one delivery per
 * (event, recipient, channel), claiming due deliveries with SKIP LOCKED, recording the outcome;
 * the in-app list, preferences and webhook subscriptions.
 */
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` unpublished outbox rows (SKIP LOCKED: another relay takes the next ones),
   * writes their deliveries and marks them published, all in one transaction. Returns how many
   * events and deliveries were written.
   */
  fanOut(
    limit: number,
    plan: (event: OutboxEventRow, directory: FanOutDirectory) => Promise<PlannedDelivery[]>,
  ): Promise<{ events: number; deliveries: number }> {
    return this.dataSource.transaction(async (manager) => {
      const events: OutboxEventRow[] = await manager.query(
        `SELECT id::text, tenant_id AS "tenantId", type, payload, created_at AS "createdAt"
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      let deliveries = 0;
      for (const event of events) {
        const planned = await plan(event, await directoryFor(manager, event));
        for (const d of planned) {
          const batch = d.status === 'pending' && d.channel === 'email' ? (d.batch ?? null) : null;
          const inserted: unknown[] = await manager.query(
            `INSERT INTO notification_deliveries (tenant_id, outbox_id, event_type, channel, recipient_user_id,
               webhook_id, recipient_key, address, status, last_error, delivered_at, batch_key, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 = 'delivered' THEN now() END, $11,
               now() + $12 * interval '1 millisecond')
             ON CONFLICT (outbox_id, recipient_key, channel) DO NOTHING RETURNING id`,
            [
              event.tenantId,
              event.id,
              event.type,
              d.channel,
              d.recipientUserId,
              d.webhookId,
              d.recipientUserId ?? d.webhookId,
              d.address,
              d.status,
              d.lastError ?? null,
              batch?.key ?? null,
              batch?.quietMs ?? 0,
            ],
          );
          deliveries += inserted.length;
          if (batch && inserted.length > 0) {
            // Another of the same occasion arrived: the recipient's held mails of this key wait
            // for the quiet window again, none longer than maxMs after it was written.
            await manager.query(
              `UPDATE notification_deliveries
                  SET next_attempt_at = LEAST(now() + $3 * interval '1 millisecond', created_at + $4 * interval '1 millisecond')
                WHERE recipient_user_id = $1 AND batch_key = $2 AND status = 'pending' AND attempts = 0`,
              [d.recipientUserId, batch.key, batch.quietMs, batch.maxMs],
            );
          }
        }
      }
      if (events.length > 0) {
        await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
          events.map((e) => e.id),
        ]);
      }
      return { events: events.length, deliveries };
    });
  }

  /**
   * Claims due email/webhook deliveries: pending ones whose time has come, and `sending` ones whose
   * lease ran out (their relay died between claiming and marking). The claim bumps `attempts` and
   * sets the lease as the next attempt time, in one statement.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    // A due mail of a batch brings along the recipient's other pending mails of its key (held
    // for the quiet window): the relay sends them as one.
    const [claimed] = (await this.dataSource.query(
      `WITH due AS (
         SELECT id, recipient_user_id, batch_key FROM notification_deliveries
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       mates AS (
         SELECT m.id FROM notification_deliveries m
           JOIN (SELECT DISTINCT recipient_user_id, batch_key FROM due WHERE batch_key IS NOT NULL) k
             ON m.recipient_user_id = k.recipient_user_id AND m.batch_key = k.batch_key
          WHERE m.status = 'pending' AND m.channel = 'email'
          FOR UPDATE OF m SKIP LOCKED),
       picked AS (SELECT id FROM due UNION SELECT id FROM mates)
       UPDATE notification_deliveries d
          SET status = 'sending', attempts = d.attempts + 1,
              next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
         FROM picked WHERE d.id = picked.id RETURNING d.id`,
      [limit, leaseMs],
    )) as [Array<{ id: string }>, number];
    if (claimed.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${CLAIMED_COLUMNS} FROM notification_deliveries d ${CLAIMED_JOINS}
        WHERE d.id = ANY($1::uuid[]) ORDER BY d.outbox_id`,
      [claimed.map((c) => c.id)],
    );
  }

  /** Records an attempt's end; ignored when the row was claimed again since (a stale lease). */
  async recordOutcome(
    id: string,
    attempts: number,
    outcome:
      | { status: 'delivered'; sentIn?: string }
      | { status: 'pending'; retryInMs: number; error: string }
      | { status: 'dead'; error: string },
  ): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      outcome.status === 'delivered'
        ? `UPDATE notification_deliveries SET status = 'delivered', delivered_at = now(), updated_at = now(),
             sent_in = $3 WHERE id = $1 AND attempts = $2 AND status = 'sending'`
        : outcome.status === 'pending'
          ? `UPDATE notification_deliveries SET status = 'pending', last_error = $3,
               next_attempt_at = now() + $4 * interval '1 millisecond', updated_at = now()
              WHERE id = $1 AND attempts = $2 AND status = 'sending'`
          : `UPDATE notification_deliveries SET status = 'dead', last_error = $3, updated_at = now()
              WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
      outcome.status === 'delivered'
        ? [id, attempts, outcome.sentIn ?? id]
        : outcome.status === 'pending'
          ? [id, attempts, outcome.error, outcome.retryInMs]
          : [id, attempts, outcome.error],
    )) as [unknown, number];
    return affected > 0;
  }

  /** When the next email/webhook delivery falls due (for the relay's sleep), or null. */
  async nextDueAt(): Promise<Date | null> {
    const [row] = await this.dataSource.query(
      `SELECT min(next_attempt_at) AS at FROM notification_deliveries WHERE status IN ('pending', 'sending')`,
    );
    return row?.at ? new Date(row.at) : null;
  }

  /** Users with digest mail collected before `before`. */
  async digestRecipients(before: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT DISTINCT recipient_user_id AS id FROM notification_deliveries
        WHERE status = 'digest' AND created_at < $1`,
      [before],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Locks one user's collected digest entries (SKIP LOCKED: another relay is sending them) and
   * runs `send` while holding the lock; when it resolves true the entries are marked delivered.
   */
  withDigest(
    userId: string,
    before: Date,
    send: (entries: ClaimedDelivery[]) => Promise<boolean>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const locked: Array<{ id: string }> = await manager.query(
        `SELECT id FROM notification_deliveries WHERE recipient_user_id = $1 AND status = 'digest'
            AND created_at < $2 ORDER BY created_at FOR UPDATE SKIP LOCKED`,
        [userId, before],
      );
      if (locked.length === 0) return 0;
      const entries: ClaimedDelivery[] = await manager.query(
        `SELECT ${CLAIMED_COLUMNS} FROM notification_deliveries d ${CLAIMED_JOINS}
          WHERE d.id = ANY($1::uuid[]) ORDER BY d.outbox_id`,
        [locked.map((l) => l.id)],
      );
      if (!(await send(entries))) return 0;
      await manager.query(
        `UPDATE notification_deliveries SET status = 'delivered', delivered_at = now(), attempts = attempts + 1,
           updated_at = now() WHERE id = ANY($1::uuid[])`,
        [locked.map((l) => l.id)],
      );
      return locked.length;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery log and dead letters (hq_admin, admin).

  async listDeliveries(
    tenantId: string,
    filter: { status?: string; channel?: string; eventType?: string },
    window: { limit: number; offset: number },
  ): Promise<{ items: DeliveryLogRow[]; total: number }> {
    const where = ['d.tenant_id = $1'];
    const params: unknown[] = [tenantId];
    for (const [column, value] of [
      ['d.status', filter.status],
      ['d.channel', filter.channel],
      ['d.event_type', filter.eventType],
    ] as const) {
      if (value) {
        params.push(value);
        where.push(`${column} = $${params.length}`);
      }
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notification_deliveries d WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT d.id, d.outbox_id::text AS "outboxId", d.event_type AS "eventType", d.channel,
              d.recipient_user_id AS "recipientUserId", u.display_name AS "recipientName",
              d.webhook_id AS "webhookId", d.address, d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt",
              d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"
         FROM notification_deliveries d LEFT JOIN users u ON u.id = d.recipient_user_id
        WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, window.limit, window.offset],
    );
    return { items, total };
  }

  /** A dead letter goes back to the queue, due now, with a fresh attempt budget. */
  async retryDead(tenantId: string, id: string): Promise<'retried' | 'not_found' | 'not_dead'> {
    const [row] = await this.dataSource.query(
      `SELECT status FROM notification_deliveries WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId],
    );
    if (!row) return 'not_found';
    const [, affected] = (await this.dataSource.query(
      `UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND tenant_id = $2 AND status = 'dead'`,
      [id, tenantId],
    )) as [unknown, number];
    if (affected > 0) await this.dataSource.query(`SELECT pg_notify('pdca_outbox', '')`);
    return affected > 0 ? 'retried' : 'not_dead';
  }

  // ---------------------------------------------------------------------------------------------
  // In-app notifications of one user.

  async listInbox(
    userId: string,
    unreadOnly: boolean,
    window: { limit: number; offset: number },
  ): Promise<{ items: InboxRow[]; total: number }> {
    const where = `d.recipient_user_id = $1 AND d.channel = 'in_app'${unreadOnly ? ' AND d.read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notification_deliveries d WHERE ${where}`,
      [userId],
    );
    const items = await this.dataSource.query(
      `SELECT d.id, d.event_type AS "eventType", o.payload, d.created_at AS "createdAt", d.read_at AS "readAt",
              ${SUBJECT_COLUMNS}
         FROM notification_deliveries d JOIN outbox o ON o.id = d.outbox_id ${SUBJECT_JOINS}
        WHERE ${where} ORDER BY d.created_at DESC, d.outbox_id DESC LIMIT $2 OFFSET $3`,
      [userId, window.limit, window.offset],
    );
    return { items, total };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM notification_deliveries
        WHERE recipient_user_id = $1 AND channel = 'in_app' AND read_at IS NULL`,
      [userId],
    );
    return count;
  }

  /** Marks one (or every, or every created up to `before`) unread notification of the user read; returns how many changed. */
  async markRead(userId: string, which: { id?: string; before?: Date } = {}): Promise<number> {
    const params: unknown[] = [userId];
    let where = `recipient_user_id = $1 AND channel = 'in_app' AND read_at IS NULL`;
    if (which.id) {
      params.push(which.id);
      where += ` AND id = $${params.length}`;
    }
    if (which.before) {
      params.push(which.before);
      where += ` AND created_at <= $${params.length}`;
    }
    const [, affected] = (await this.dataSource.query(
      `UPDATE notification_deliveries SET read_at = now(), updated_at = now() WHERE ${where}`,
      params,
    )) as [unknown, number];
    return affected;
  }

  async markUnread(userId: string, id: string): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE notification_deliveries SET read_at = NULL, updated_at = now()
        WHERE recipient_user_id = $1 AND channel = 'in_app' AND id = $2 AND read_at IS NOT NULL`,
      [userId, id],
    )) as [unknown, number];
    return affected;
  }

  async inboxEntryExists(userId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM notification_deliveries WHERE id = $1 AND recipient_user_id = $2 AND channel = 'in_app'`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async preferencesOf(
    userId: string,
  ): Promise<{ language: 'ja' | 'en'; preferences: Record<string, unknown> }> {
    const [row] = await this.dataSource.query(
      `SELECT language, notification_preferences AS preferences FROM users WHERE id = $1`,
      [userId],
    );
    return row;
  }

  async savePreferences(
    userId: string,
    language: 'ja' | 'en' | undefined,
    preferences: Record<string, unknown> | undefined,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE users SET language = COALESCE($2, language),
              notification_preferences = COALESCE($3::jsonb, notification_preferences) WHERE id = $1`,
      [userId, language ?? null, preferences === undefined ? null : JSON.stringify(preferences)],
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Webhook subscriptions.

  async createWebhook(input: {
    tenantId: string;
    url: string;
    events: string[];
    secret: string;
    createdBy: string;
  }): Promise<WebhookRow> {
    const [row] = await this.dataSource.query(
      `INSERT INTO webhooks (tenant_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, url, events, created_at AS "createdAt", created_by AS "createdBy"`,
      [input.tenantId, input.url, input.events, input.secret, input.createdBy],
    );
    return row;
  }

  listWebhooks(tenantId: string): Promise<WebhookRow[]> {
    return this.dataSource.query(
      `SELECT id, url, events, created_at AS "createdAt", created_by AS "createdBy" FROM webhooks
        WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [tenantId],
    );
  }

  /** Soft delete: past deliveries keep naming the webhook; pending ones to it are dropped. Returns the row, or null. */
  deleteWebhook(tenantId: string, id: string): Promise<WebhookRow | null> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL
         RETURNING id, url, events, created_at AS "createdAt", created_by AS "createdBy"`,
        [id, tenantId],
      )) as [WebhookRow[], number];
      if (rows.length > 0) {
        await manager.query(
          `UPDATE notification_deliveries SET status = 'skipped', last_error = 'webhook deleted', updated_at = now()
            WHERE webhook_id = $1 AND status IN ('pending', 'sending')`,
          [id],
        );
      }
      return rows[0] ?? null;
    });
  }
}

async function directoryFor(manager: EntityManager, event: OutboxEventRow): Promise<FanOutDirectory> {
  const p = event.payload;
  const approvalId = uuidOrNull(p.approvalId);
  const taskId = uuidOrNull(p.taskId);
  const cycleId = uuidOrNull(p.cycleId);
  const [approval] = approvalId
    ? await manager.query(`SELECT submitted_by FROM approvals WHERE id = $1`, [approvalId])
    : [];
  const [task] = taskId ? await manager.query(`SELECT submitted_by FROM tasks WHERE id = $1`, [taskId]) : [];
  const cancelled: Array<{ id: string }> =
    event.type === 'cycle.closed' && cycleId
      ? await manager.query(
          `SELECT DISTINCT assignee_user_id AS id FROM tasks
            WHERE cycle_id = $1 AND status = 'cancelled' AND assignee_user_id IS NOT NULL`,
          [cycleId],
        )
      : [];
  const chain = await chainTaskFacts(manager, event);
  return {
    ...(chain?.prefix === 'policy_evaluation.' && {
      policyOwner: chain.owner,
      policyStepRole: chain.stepRole,
    }),
    ...(chain?.prefix === 'external_response.' && {
      externalLeader: chain.owner,
      externalStepRole: chain.stepRole,
    }),
    approvalSubmittedBy: approval?.submitted_by ?? chain?.approvalSubmittedBy ?? null,
    taskSubmittedBy: task?.submitted_by ?? null,
    cancelledTaskAssignees: cancelled.map((c) => c.id),
    users: (audience) =>
      manager.query(
        `SELECT id, email, language, notification_preferences AS preferences FROM users
          WHERE tenant_id = $1 AND (id = ANY($2::uuid[]) OR roles && $3::text[]) AND NOT (id = ANY($4::uuid[]))
          ORDER BY id`,
        [
          event.tenantId,
          audience.userIds.filter((id) => UUID.test(id)),
          audience.roles,
          audience.excludeUserIds.filter((id) => UUID.test(id)),
        ],
      ),
    webhooks: () =>
      manager.query(
        `SELECT id, url FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL AND $2 = ANY(events) ORDER BY id`,
        [event.tenantId, event.type],
      ),
  };
}

/** The outbox messages of tasks with a chain of their own, and where their owner and steps are. */
const CHAIN_TASKS = [
  {
    prefix: 'policy_evaluation.',
    table: 'policy_evaluations',
    idKey: 'evaluationId',
    owner: 'owner_user_id',
    approvals: 'policy_evaluation_approvals',
  },
  {
    prefix: 'external_response.',
    table: 'external_responses',
    idKey: 'responseId',
    owner: 'leader_user_id',
    approvals: 'external_response_approvals',
  },
  // 事業検証 (#26): an item's findings; the one who submitted them is never asked to decide.
  {
    prefix: 'verification.',
    table: 'verification_items',
    idKey: 'verificationItemId',
    owner: 'submitted_by',
    approvals: 'verification_approvals',
  },
] as const;

/**
 * A task of its own with an approval chain (a 施策評価, #24; a 市の対応方針, #25): its owner, and for
 * an approval step the submitter (never asked to approve their own) and the step's role in the
 * tenant's approval chain (hq_approver by default).
 */
async function chainTaskFacts(manager: EntityManager, event: OutboxEventRow) {
  const task = CHAIN_TASKS.find((t) => event.type.startsWith(t.prefix));
  if (!task) return null;
  const taskId = uuidOrNull(event.payload[task.idKey]);
  const approvalId = uuidOrNull(event.payload.approvalId);
  const [row] = taskId
    ? await manager.query(
        `SELECT ${task.owner} AS owner FROM ${task.table} WHERE id = $1 AND tenant_id = $2`,
        [taskId, event.tenantId],
      )
    : [];
  const [approval] = approvalId
    ? await manager.query(
        `SELECT a.submitted_by, s.step->>'role' AS role
           FROM ${task.approvals} a JOIN tenants t ON t.id = a.tenant_id
           LEFT JOIN LATERAL jsonb_array_elements(t.settings->'approvalPolicy'->'steps') s(step)
             ON s.step->>'key' = a.step_key
          WHERE a.id = $1 AND a.tenant_id = $2`,
        [approvalId, event.tenantId],
      )
    : [];
  return {
    prefix: task.prefix,
    owner: (row?.owner as string | undefined) ?? null,
    stepRole: (approval?.role as string | undefined) ?? null,
    approvalSubmittedBy: (approval?.submitted_by as string | undefined) ?? null,
  };
}
