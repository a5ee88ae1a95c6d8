import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmailSender, OutboxRelay, type OutboxRelayOptions, WebhookSender } from '@pdca/notifications';
import { NotificationRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import { uniqueSuffix } from './test-worker';

/** A relay against the integration database with quick retries (tests' clock is real time). */
export function testRelay(
  db: DataSource,
  smtpUrl: string | null,
  overrides: Partial<OutboxRelayOptions> = {},
): { relay: OutboxRelay; stop(): Promise<void> } {
  const email = smtpUrl ? new EmailSender({ smtpUrl, from: 'pdca@test.example', timeoutMs: 10_000 }) : null;
  const relay = new OutboxRelay({
    repository: new NotificationRepository(db),
    databaseUrl: process.env.DATABASE_URL!,
    email,
    webhooks: new WebhookSender({ allowPrivate: true, timeoutMs: 5_000 }),
    publicUrl: 'http://pdca.test',
    pollMs: 200,
    backoffBaseMs: 100,
    backoffCapMs: 400,
    // Mails of one occasion (task.assigned / task.opened of one year) are held this long for others.
    batchQuietMs: 500,
    batchMaxMs: 5_000,
    ...overrides,
  });
  return {
    relay,
    async stop() {
      await relay.stop();
      email?.close();
    },
  };
}

/** Writes one outbox row as the projection does (its own event key). Returns its id. */
export async function insertOutbox(
  db: DataSource,
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload) VALUES ($1, $2, $3, $4) RETURNING id::text`,
    [tenantId, `test#${uniqueSuffix()}`, type, JSON.stringify(payload)],
  );
  return id;
}

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver whose answers a test scripts (e.g. 500, 500, 500, then 200). */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => number = () => 200,
): Promise<{ url: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const status = answer(request, requests.length);
      requests.push(request);
      res.writeHead(status, status >= 300 && status < 400 ? { Location: 'http://127.0.0.1:1/' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const expectedSignature = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  what = 'condition',
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}
