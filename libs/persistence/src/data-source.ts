import { DataSource } from 'typeorm';
import { ApprovalEntity, BudgetReflectionEntity, CycleEntity, TaskEntity } from './entities/cycle.entity';
import { IndicatorEntity, ItemEntity } from './entities/item.entity';
import { AuditLogEntity, OutboxEntity, ProjectionLogEntity } from './entities/ledger.entity';
import { PlanEntity, PlanNodeEntity } from './entities/plan.entity';
import { TenantEntity } from './entities/tenant.entity';
import { UserEntity } from './entities/user.entity';
import { WorkingGroupEntity } from './entities/working-group.entity';
import { InitialSchema1732147200000 } from './migrations/1732147200000-initial-schema';
import { PlanImportFields1732233600000 } from './migrations/1732233600000-plan-import-fields';
import { AuditLedgerGuards1733000000000 } from './migrations/1733000000000-audit-ledger-guards';
import { FailedProjections1734100000000 } from './migrations/1734100000000-failed-projections';
import { FiscalYearLifecycle1734200000000 } from './migrations/1734200000000-fiscal-year-lifecycle';
import { Notifications1734300000000 } from './migrations/1734300000000-notifications';
import { SessionsAndIdentityProviders1734400000000 } from './migrations/1734400000000-sessions-and-identity-providers';
import { TaskOpeningDates1734800000000 } from './migrations/1734800000000-task-opening-dates';
import { EffectsAndGrades1734900000000 } from './migrations/1734900000000-effects-and-grades';
import { CitySettings1735000000000 } from './migrations/1735000000000-city-settings';
import { PlanStructure1735100000000 } from './migrations/1735100000000-plan-structure';
import { ItemRemoval1735200000000 } from './migrations/1735200000000-item-removal';
import { NotificationBatches1735290000000 } from './migrations/1735290000000-notification-batches';
import { CycleSettings1735400000000 } from './migrations/1735400000000-cycle-settings';
import { PlanEditions1735500000000 } from './migrations/1735500000000-plan-editions';
import { PlanTargets1735600000000 } from './migrations/1735600000000-plan-targets';
import { PolicyEvaluation1735700000000 } from './migrations/1735700000000-policy-evaluation';
import { ExternalReview1735800000000 } from './migrations/1735800000000-external-review';
import { ExternalReviewTimeline1735840000000 } from './migrations/1735840000000-external-review-timeline';
import { ItemCosts1735900000000 } from './migrations/1735900000000-item-costs';
import { BudgetChain1735910000000 } from './migrations/1735910000000-budget-chain';
import { BusinessVerification1735920000000 } from './migrations/1735920000000-business-verification';

const ENTITIES = [
  TenantEntity,
  UserEntity,
  WorkingGroupEntity,
  PlanEntity,
  PlanNodeEntity,
  ItemEntity,
  IndicatorEntity,
  CycleEntity,
  TaskEntity,
  ApprovalEntity,
  BudgetReflectionEntity,
  AuditLogEntity,
  OutboxEntity,
  ProjectionLogEntity,
];

// Listed explicitly (no globs) so the same list works from sources under Jest and from dist/.
const MIGRATIONS = [
  InitialSchema1732147200000,
  PlanImportFields1732233600000,
  AuditLedgerGuards1733000000000,
  FailedProjections1734100000000,
  FiscalYearLifecycle1734200000000,
  Notifications1734300000000,
  SessionsAndIdentityProviders1734400000000,
  TaskOpeningDates1734800000000,
  EffectsAndGrades1734900000000,
  CitySettings1735000000000,
  PlanStructure1735100000000,
  ItemRemoval1735200000000,
  NotificationBatches1735290000000,
  CycleSettings1735400000000,
  PlanEditions1735500000000,
  PlanTargets1735600000000,
  PolicyEvaluation1735700000000,
  ExternalReview1735800000000,
  ExternalReviewTimeline1735840000000,
  ItemCosts1735900000000,
  BusinessVerification1735920000000,
  BudgetChain1735910000000,
];

/**
 * Bounds for the long-running services (API, worker): a statement or a lock wait longer than this
 * fails instead of hanging a request (reads then answer 503), and a connection attempt to a
 * PostgreSQL that is down gives up quickly. Migrations, imports and the benchmark run unbounded.
 */
export const SERVICE_DATABASE_TIMEOUTS = { statementMs: 15_000, lockMs: 5_000, connectMs: 5_000 } as const;

export interface DataSourceOptions {
  poolSize?: number;
  applicationName?: string;
  timeouts?: { statementMs: number; lockMs: number; connectMs: number };
}

export function createDataSource(url: string, options: DataSourceOptions = {}) {
  const timeouts = options.timeouts;
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'pdca-engine',
    ...(timeouts
      ? {
          connectTimeoutMS: timeouts.connectMs,
          extra: { statement_timeout: timeouts.statementMs, lock_timeout: timeouts.lockMs },
        }
      : {}),
  });
}

/** Applies pending migrations; returns the names of those it ran. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 1, applicationName: 'pdca-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
