import type { ClaimedDelivery, NotificationRepository } from '@pdca/persistence/repositories';
import { Client } from 'pg';
import { backoffMs, DEFAULT_MAX_ATTEMPTS, type DeliveryOutcome } from './delivery-outcome';
import type { EmailSender } from './email-sender';
import { planDeliveries } from './fan-out-plan';
import type { Language } from './notification-kinds';
import {
  type RenderedNotification,
  renderBatch,
  renderDigest,
  renderNotification,
} from './notification-templates';
import type { WebhookSender } from './webhook-sender';

export const OUTBOX_CHANNEL = 'pdca_outbox';

export interface RelayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OutboxRelayOptions {
  repository: NotificationRepository;
  /** For the LISTEN connection (one per relay, outside the pool). */
  databaseUrl: string;
  email: EmailSender | null;
  webhooks: WebhookSender;
  publicUrl: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (a lost connection, a retry falling due). */
  pollMs?: number;
  /** How long a claimed delivery stays with this relay before another may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Deliveries sent at the same time. */
  concurrency?: number;
  /**
   * One mail per person per occasion: task.assigned / task.opened mails of one fiscal year to one
   * person are held until this long passes without another (0: each sent on its own)…
   */
  batchQuietMs?: number;
  /** …and never longer than this after the first was written. */
  batchMaxMs?: number;
  /** Daily digest time in JST minutes after midnight (08:30 → 510). */
  digestAtJstMinutes?: number;
  logger?: RelayLogger;
  /** Test seams: run between the claim and the send / between the send and the mark. A throw stops the batch as a crash would. */
  hooks?: {
    afterClaim?: (claimed: ClaimedDelivery[]) => Promise<void>;
    afterSend?: (delivery: ClaimedDelivery, outcome: DeliveryOutcome) => Promise<void>;
  };
}

const SILENT: RelayLogger = { info: () => {}, warn: () => {}, error: () => {} };
const JST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** The latest digest instant (e.g. 08:30 JST) at or before `now`. */
export function lastDigestInstant(now: Date, atJstMinutes: number): Date {
  const jst = now.getTime() + JST_OFFSET_MS;
  const midnight = Math.floor(jst / DAY_MS) * DAY_MS;
  let at = midnight + atJstMinutes * 60_000;
  if (at > jst) at -= DAY_MS;
  return new Date(at - JST_OFFSET_MS);
}

/**
 * Drains the outbox: fans each event out into deliveries (one transaction per batch), then sends
 * the due email and webhook deliveries, each with its own retries. Several relays may run against
 * one database: SKIP LOCKED hands each row to one of them, and a claim is a lease that another
 * relay takes over only once it has run out.
 */
export class OutboxRelay {
  private readonly o: Required<Omit<OutboxRelayOptions, 'email' | 'hooks'>> &
    Pick<OutboxRelayOptions, 'email' | 'hooks'>;
  private stopped = false;
  private running: Promise<void> | null = null;
  private listener: Client | null = null;
  private wake: (() => void) | null = null;
  private woken = false;
  private lastDigestCheck = 0;

  constructor(options: OutboxRelayOptions) {
    this.o = {
      batchSize: 100,
      pollMs: 5_000,
      leaseMs: 60_000,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      backoffBaseMs: 5_000,
      backoffCapMs: 3_600_000,
      concurrency: 8,
      batchQuietMs: 30_000,
      batchMaxMs: 300_000,
      digestAtJstMinutes: 8 * 60 + 30,
      logger: SILENT,
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.running;
    this.running = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }

  /** Wakes the loop now (as a NOTIFY does). */
  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  /** One pass: fan out what is new, send what is due, send digests that are due. True when it did something. */
  async tick(): Promise<boolean> {
    const fanned = await this.o.repository.fanOut(this.o.batchSize, (event, directory) =>
      planDeliveries(event, directory, {
        emailEnabled: this.o.email !== null,
        batch: { quietMs: this.o.batchQuietMs, maxMs: this.o.batchMaxMs },
      }),
    );
    const claimed = await this.o.repository.claimDue(this.o.batchSize, this.o.leaseMs);
    if (claimed.length > 0) {
      await this.o.hooks?.afterClaim?.(claimed);
      await runLimited(groupBatches(claimed), this.o.concurrency, (group) => this.deliverGroup(group));
    }
    await this.maybeSendDigests();
    return fanned.events > 0 || claimed.length > 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.ensureListener();
      let busy = false;
      try {
        busy = await this.tick();
      } catch (err) {
        this.o.logger.error(`relay pass failed: ${describe(err)}`);
      }
      if (this.stopped) break;
      if (busy) continue;
      await this.sleep(await this.sleepMs());
    }
  }

  private async sleepMs(): Promise<number> {
    try {
      const next = await this.o.repository.nextDueAt();
      if (next) return Math.max(20, Math.min(this.o.pollMs, next.getTime() - Date.now()));
    } catch {
      // the database is away: poll again later
    }
    return this.o.pollMs;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        self.woken = false;
        resolve();
      }
      this.wake = done;
    });
  }

  private async ensureListener(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new Client({
      connectionString: this.o.databaseUrl,
      application_name: 'pdca-relay-listen',
    });
    const drop = () => {
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
    };
    client.on('error', (err) => {
      this.o.logger.warn(`LISTEN connection lost (${describe(err)}); polling until it is back`);
      drop();
    });
    client.on('notification', () => this.nudge());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.o.logger.warn(`LISTEN failed (${describe(err)}); polling every ${this.o.pollMs} ms`);
      drop();
    }
  }

  /** One delivery, or a batch of one person's mails sent as one (each row records the outcome). */
  private async deliverGroup(group: ClaimedDelivery[]): Promise<void> {
    if (group.length === 1) return this.record(group[0]!, await this.attempt(group[0]!));
    const outcome = await this.attemptBatch(group);
    for (const d of group) await this.record(d, outcome, group[0]!.id);
  }

  private async record(d: ClaimedDelivery, outcome: DeliveryOutcome, sentIn?: string): Promise<void> {
    await this.o.hooks?.afterSend?.(d, outcome);
    const label = `${d.channel} ${d.eventType} delivery ${d.id} (attempt ${d.attempts})`;
    if (outcome.kind === 'delivered') {
      await this.o.repository.recordOutcome(d.id, d.attempts, { status: 'delivered', sentIn });
      return;
    }
    if (outcome.kind === 'temporary' && d.attempts < this.o.maxAttempts) {
      const retryInMs = backoffMs(d.attempts, this.o.backoffBaseMs, this.o.backoffCapMs);
      await this.o.repository.recordOutcome(d.id, d.attempts, {
        status: 'pending',
        retryInMs,
        error: outcome.error,
      });
      this.o.logger.warn(`${label} failed, retry in ${Math.round(retryInMs / 1000)} s: ${outcome.error}`);
      return;
    }
    await this.o.repository.recordOutcome(d.id, d.attempts, { status: 'dead', error: outcome.error });
    this.o.logger.error(`${label} dead-lettered (${outcome.kind}): ${outcome.error}`);
  }

  private async attempt(d: ClaimedDelivery): Promise<DeliveryOutcome> {
    try {
      if (d.channel === 'email') {
        if (!this.o.email) return { kind: 'permanent', error: 'SMTP_URL is not set' };
        if (!d.email) return { kind: 'permanent', error: 'the recipient has no email address' };
        const mail = this.render(d);
        return await this.o.email.send({
          to: d.email,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: d.id,
        });
      }
      if (!d.webhookUrl || !d.webhookSecret) return { kind: 'permanent', error: 'the webhook was deleted' };
      return await this.o.webhooks.send({
        url: d.webhookUrl,
        secret: d.webhookSecret,
        event: d.eventType,
        deliveryId: d.id,
        body: webhookBody(d),
      });
    } catch (err) {
      return { kind: 'temporary', error: describe(err) };
    }
  }

  /** The mails of one batch (same person, kind and fiscal year) as one, Message-ID of the first. */
  private async attemptBatch(group: ClaimedDelivery[]): Promise<DeliveryOutcome> {
    const first = group[0]!;
    try {
      if (!this.o.email) return { kind: 'permanent', error: 'SMTP_URL is not set' };
      if (!first.email) return { kind: 'permanent', error: 'the recipient has no email address' };
      const year = first.payload.fiscalYear;
      const mail = renderBatch(
        first.eventType,
        typeof year === 'number' ? year : null,
        group.map((d) => this.render(d, first.language)),
        first.language,
        this.o.publicUrl,
      );
      return await this.o.email.send({ to: first.email, ...mail, messageId: first.id });
    } catch (err) {
      return { kind: 'temporary', error: describe(err) };
    }
  }

  private render(d: ClaimedDelivery, language: Language = d.language): RenderedNotification {
    return renderNotification({
      type: d.eventType,
      payload: d.payload,
      item: d.itemCode ? { code: d.itemCode, title: d.itemTitle ?? '', planId: d.planId } : null,
      round: d.round,
      reviewTitle: d.reviewTitle,
      language,
      recipientUserId: d.recipientUserId,
      publicUrl: this.o.publicUrl,
    });
  }

  private async maybeSendDigests(): Promise<void> {
    if (!this.o.email || Date.now() - this.lastDigestCheck < 60_000) return;
    this.lastDigestCheck = Date.now();
    await this.sendDigests(lastDigestInstant(new Date(), this.o.digestAtJstMinutes));
  }

  /** One digest mail per user for the entries collected before `before`; returns the entries sent. */
  async sendDigests(before: Date): Promise<number> {
    if (!this.o.email) return 0;
    let sent = 0;
    for (const userId of await this.o.repository.digestRecipients(before)) {
      sent += await this.o.repository.withDigest(userId, before, async (entries) => {
        const first = entries[0];
        if (!first?.email) return false;
        const rendered = entries.map((d) => this.render(d));
        const digest = renderDigest(rendered, first.language, this.o.publicUrl);
        const outcome = await this.o.email!.send({
          to: first.email,
          ...digest,
          messageId: `digest-${first.id}`,
        });
        if (outcome.kind !== 'delivered')
          this.o.logger.warn(`digest for user ${userId} not sent: ${outcome.error}`);
        return outcome.kind === 'delivered';
      });
    }
    return sent;
  }
}

/** The webhook POST body: built from stored rows only, so every retry sends the same bytes. */
export function webhookBody(d: ClaimedDelivery): string {
  return JSON.stringify({
    deliveryId: d.id,
    event: d.eventType,
    tenant: d.tenantCode,
    occurredAt: new Date(d.occurredAt).toISOString(),
    data: d.payload,
  });
}

/**
 * Claimed deliveries as they are sent: a person's mails of one batch key together (in outbox
 * order), everything else on its own.
 */
export function groupBatches(claimed: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups = new Map<string, ClaimedDelivery[]>();
  const out: ClaimedDelivery[][] = [];
  for (const d of claimed) {
    if (d.channel !== 'email' || !d.batchKey || !d.recipientUserId) {
      out.push([d]);
      continue;
    }
    const key = `${d.recipientUserId} ${d.batchKey}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else {
      const fresh = [d];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  for (const group of groups.values()) group.sort((a, b) => Number(BigInt(a.outboxId) - BigInt(b.outboxId)));
  return out;
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
