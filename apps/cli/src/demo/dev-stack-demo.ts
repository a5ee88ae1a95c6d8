import { type AppConfig, ConfigError, loadConfig } from '@pdca/config';
import { createDataSource } from '@pdca/persistence/data-source';
import { Client, Connection } from '@temporalio/client';
import { complain, say, step } from '../dev-stack/progress';
import { startDemoBudget } from './demo-budget';
import { startDemoCycles } from './demo-cycles';
import { startDemoReview } from './demo-review';
import { DEMO_TENANT, type DemoUser, seedDemoData } from './demo-seed';
import { decideDemoVerification, startDemoVerification } from './demo-verification';

type Env = Record<string, string | undefined>;

/** The dev stack's demo steps: seed before the API and worker start, start cycles once they run. */
export interface DevStackDemo {
  /** After migrations, before the worker and API: demo tenant, plan and users (once). */
  seed(databaseUrl: string): Promise<void>;
  /**
   * After the API is healthy: this fiscal year's cycle for every demo item, and the year's review
   * round (外部評価) on one item (both idempotent).
   */
  startCycles(databaseUrl: string, temporalAddress: string): Promise<void>;
}

/** Undefined outside demo mode: then nothing demo-related runs at all. */
export function devStackDemo(env: Env): DevStackDemo | undefined {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The API and worker refuse the same configuration with the full explanation.
    if (/^(1|true|yes|on)$/i.test(env.PDCA_DEMO?.trim() ?? ''))
      complain('demo data skipped: the configuration is invalid');
    return undefined;
  }
  if (!config.demoMode) return undefined;
  let seeded = false;
  return {
    async seed(databaseUrl) {
      const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'pdca-demo-seed' });
      await dataSource.initialize();
      try {
        const result = await step(
          () => seedDemoData(dataSource, config),
          (r) =>
            r.status === 'seeded'
              ? `demo data: tenant ${DEMO_TENANT.code} (${DEMO_TENANT.name}), plan "${r.report.planTitle}" imported ` +
                `(${r.report.counts.goals} goals, ${r.report.counts.themes} themes, ${r.report.counts.items} items), ${r.users.length} demo users`
              : `demo data already there (tenant ${DEMO_TENANT.code}): skipped`,
        );
        if (result.status !== 'disabled') {
          seeded = true;
          printUsers(result.users, config.demoPassword, result.status === 'exists');
        }
      } catch (err) {
        // The stack is still useful without the demo data; the seed is one transaction, so the
        // next start tries again from nothing.
        complain(`demo data could not be created (the next start tries again): ${describe(err)}`);
      } finally {
        await dataSource.destroy();
      }
    },

    async startCycles(databaseUrl, temporalAddress) {
      if (!seeded) return;
      const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'pdca-demo-cycles' });
      let connection: Connection | undefined;
      try {
        await dataSource.initialize();
        connection = await Connection.connect({ address: temporalAddress });
        const client = new Client({ connection, namespace: config.temporalNamespace });
        await step(
          () =>
            startDemoCycles({ dataSource, client, taskQueue: config.taskQueue, timeScale: config.timeScale }),
          (r) =>
            r
              ? `demo cycles: FY${r.fiscalYear} cycle running for ${r.running} items` +
                (r.closed > 0 ? `, ${r.closed} already ended` : '') +
                (r.outsidePeriod > 0 ? `, ${r.outsidePeriod} outside the plan period` : '')
              : 'demo cycles: no demo tenant',
        );
        await step(
          () => startDemoBudget({ dataSource }),
          (r) =>
            r
              ? `demo budget chain: item ${r.itemCode} FY${r.fiscalYear} 当初予算額（案） ${r.requested} → 査定額 ${r.assessed} → 当初予算額 ${r.adopted} yen (zaisei@)` +
                (r.changed ? '' : ' (already there)')
              : 'demo budget chain: no planned demo cycle',
        );
        await step(
          () =>
            startDemoReview({ dataSource, client, taskQueue: config.taskQueue, timeScale: config.timeScale }),
          (r) =>
            r
              ? `demo review round: 「${r.title}」 on item ${r.itemCode}, chair ${r.chairEmail}` +
                (r.status === 'exists' ? ' (already there)' : ' started')
              : 'demo review round: no demo committee member',
        );
        const demoRound = { dataSource, client, taskQueue: config.taskQueue, timeScale: config.timeScale };
        const round = await step(
          () => startDemoVerification(demoRound),
          (r) =>
            r
              ? `demo 事業検証: 「${r.title}」 on items ${r.itemCodes.join(', ')}, team ${r.teamEmail}` +
                (r.status === 'exists' ? ' (already there)' : ' started')
              : 'demo 事業検証: no demo leader',
        );
        if (round) {
          // One item decided 縮小 and adopted by 財政課: the budget chain with its reform decision.
          await step(
            () => decideDemoVerification({ ...demoRound, roundId: round.roundId }),
            (r) =>
              r
                ? `demo 本部の決定: item ${r.itemCode} ${r.decision} → FY${r.budgetYear} 予算への反映額 ${r.proposal} yen, assessed and adopted by zaisei@`
                : 'demo 本部の決定: already decided (or no item with a budget)',
          );
        }
      } catch (err) {
        complain(`demo cycles could not be started: ${describe(err)}`);
      } finally {
        await connection?.close();
        if (dataSource.isInitialized) await dataSource.destroy();
      }
    },
  };
}

function printUsers(users: DemoUser[], password: string, existed: boolean): void {
  const width = Math.max(...users.map((u) => u.email.length));
  const roleWidth = Math.max(...users.map((u) => u.roles.join(', ').length));
  say(
    `demo users / デモ用ユーザー (password: ${password}${existed ? ', as set by DEMO_PASSWORD at the first start' : ''}):`,
  );
  for (const user of users) {
    say(`  ${user.email.padEnd(width)}  ${user.roles.join(', ').padEnd(roleWidth)}  ${user.purpose}`);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
