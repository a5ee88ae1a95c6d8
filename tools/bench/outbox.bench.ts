import { benchDatabase } from './bench-database';
import type { BenchOutput } from './bench-output';

const DEFAULT_RATE = 50;
const DEFAULT_SECONDS = 20;

/**
 * `npm run bench -- outbox`: outbox lag from commit to SMTP acceptance at a steady event rate. Each row
 * is one reminder for one user (an email and an in-app delivery); the relay runs with the
 * worker's settings (LISTEN/NOTIFY wake-up, 5 s fallback poll), the SMTP server is smtp-server in
 * this process, so the figure is the relay's own cost plus one local SMTP round trip.
 */
export async function runOutboxBench(args: string[], output: BenchOutput): Promise<number> {
  let rate = DEFAULT_RATE;
  let seconds = DEFAULT_SECONDS;
  for (let i = 0; i < args.length; i++) {
    const value = Number(args[i + 1]);
    if (args[i] === '--rate' && Number.isInteger(value) && value > 0 && value <= 2000) {
      rate = value;
      i++;
    } else if (args[i] === '--seconds' && Number.isInteger(value) && value > 0 && value <= 3600) {
      seconds = value;
      i++;
    } else {
      output.err(`npm run bench -- outbox: unknown option ${args[i]} (see npm run bench -- --help)\n`);
      return 2;
    }
  }
  try {
    const result = await measure(rate, seconds, output);
    output.out(`\n${result}\n`);
    return 0;
  } catch (err) {
    output.err(
      `npm run bench -- outbox: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}

async function measure(rate: number, seconds: number, output: BenchOutput): Promise<string> {
  const database = await benchDatabase(output);
  const { createDataSource } = await import('@pdca/persistence/data-source');
  const { MailCatcher } = await import('@pdca/devstack');
  const { testRelayFor } = await import('./outbox-bench-relay');
  try {
    const dataSource = createDataSource(database.url, { poolSize: 6, applicationName: 'pdca-bench-outbox' });
    await dataSource.initialize();
    const accepted = new Map<string, number>();
    const catcher = await MailCatcher.start({
      httpPort: null,
      maxMails: 10,
      respond: (mail) => {
        accepted.set(mail.messageId, performance.now());
        return null;
      },
    });
    const claimedAt = new Map<string, number>();
    const { relay, close } = testRelayFor(dataSource, database.url, catcher.smtpUrl, (ids) => {
      const now = performance.now();
      for (const id of ids) claimedAt.set(id, now);
    });
    try {
      const [{ id: tenantId }] = await dataSource.query(
        `INSERT INTO tenants (code, name) VALUES ('bench-outbox', 'ベンチマーク市') RETURNING id`,
      );
      const [{ id: userId }] = await dataSource.query(
        `INSERT INTO users (tenant_id, email, display_name, password_hash, roles)
         VALUES ($1, 'leader@bench.invalid', '改革 リーダー', 'x', '{wg_leader}') RETURNING id`,
        [tenantId],
      );
      relay.start();
      const total = rate * seconds;
      output.out(`npm run bench -- outbox: ${total} events at ${rate}/s …\n`);
      const committed = new Map<string, number>();
      const started = performance.now();
      for (let n = 0; n < total; n++) {
        const due = started + (n * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const [{ id }] = await dataSource.query(
          `INSERT INTO outbox (tenant_id, event_key, type, payload) VALUES ($1, $2, 'task.reminder', $3) RETURNING id::text`,
          [
            tenantId,
            `bench#${n}`,
            JSON.stringify({
              tenantId,
              fiscalYear: 2025,
              itemCode: '1-1',
              itemTitle: '窓口サービスのDX推進',
              taskKind: 'plan',
              taskTitle: { ja: '取組計画', en: 'Action plan' },
              dueAt: '2025-04-30T08:00:00.000Z',
              assigneeUserId: userId,
              recipientUserId: userId,
              reminderKey: 'before-7d',
            }),
          ],
        );
        committed.set(id, performance.now());
      }
      const producedMs = performance.now() - started;
      const deadline = Date.now() + 120_000;
      while (accepted.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const deliveries: Array<{ id: string; outbox_id: string }> = await dataSource.query(
        `SELECT id, outbox_id::text FROM notification_deliveries WHERE channel = 'email'`,
      );
      const lags = deliveries
        .map(
          (d) =>
            (accepted.get(`<${d.id}@pdca-engine>`) ?? Number.NaN) -
            (committed.get(d.outbox_id) ?? Number.NaN),
        )
        .filter((v) => Number.isFinite(v))
        .sort((a, b) => a - b);
      const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
      const claimLags = deliveries
        .map((d) => (claimedAt.get(d.id) ?? Number.NaN) - (committed.get(d.outbox_id) ?? Number.NaN))
        .filter((v) => Number.isFinite(v))
        .sort((a, b) => a - b);
      const claimAt = (q: number) =>
        claimLags[Math.min(claimLags.length - 1, Math.floor(q * claimLags.length))];
      return [
        `outbox lag, commit → SMTP accepted (${lags.length}/${total} mails, offered ${rate}/s, produced in ${(producedMs / 1000).toFixed(1)} s)`,
        `  p50 ${at(0.5)?.toFixed(0)} ms   p95 ${at(0.95)?.toFixed(0)} ms   p99 ${at(0.99)?.toFixed(0)} ms   max ${lags.at(-1)?.toFixed(0)} ms`,
        `  of which commit → claimed: p50 ${claimAt(0.5)?.toFixed(0)} ms   p99 ${claimAt(0.99)?.toFixed(0)} ms`,
        `  (node ${process.version}, ${process.platform})`,
      ].join('\n');
    } finally {
      await close();
      await catcher.stop();
      await dataSource.destroy();
    }
  } finally {
    await database.drop();
  }
}
