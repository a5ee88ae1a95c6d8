import { Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { type AppConfig, requireDatabaseUrl } from '@pdca/config';
import { createDataSource, SERVICE_DATABASE_TIMEOUTS, warnWhenPrivileged } from '@pdca/persistence';
import {
  AuditReadRepository,
  CycleContextRepository,
  CycleReadRepository,
  DirectoryUserRepository,
  EvaluationSheetRepository,
  ExternalResponseReadRepository,
  FailedProjectionRepository,
  IdentityProviderRepository,
  ItemCostsRepository,
  ItemRepository,
  NotificationRepository,
  PlanEditionRepository,
  PlanImportRepository,
  PlanNodeOwnerRepository,
  PlanReportRepository,
  PlanRepository,
  PlanTargetRepository,
  PolicyEvaluationReadRepository,
  PolicyEvaluationSheetRepository,
  PolicyEvaluationStartRepository,
  SecurityEventRepository,
  SettingsRepository,
  TenantRepository,
  UserRepository,
  WorkingGroupRepository,
} from '@pdca/persistence/repositories';
import { ExternalReviewReadRepository } from '@pdca/persistence/repositories/external-review-read.repository';
import { ExternalReviewStartRepository } from '@pdca/persistence/repositories/external-review-start.repository';
import { ItemBudgetRepository } from '@pdca/persistence/repositories/item-budget.repository';
import { VerificationReadRepository } from '@pdca/persistence/repositories/verification-read.repository';
import { VerificationStartRepository } from '@pdca/persistence/repositories/verification-start.repository';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from './tokens';

/** Closes the pool when Nest shuts down (SIGTERM with enableShutdownHooks). */
export class DataSourceCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
      this.logger.log('PostgreSQL pool closed');
    }
  }
}

/** Every repository the API uses, each over the app's one DataSource. */
const REPOSITORIES = [
  AuditReadRepository,
  CycleContextRepository,
  CycleReadRepository,
  DirectoryUserRepository,
  EvaluationSheetRepository,
  ExternalResponseReadRepository,
  ExternalReviewReadRepository,
  ExternalReviewStartRepository,
  VerificationReadRepository,
  VerificationStartRepository,
  FailedProjectionRepository,
  IdentityProviderRepository,
  ItemRepository,
  ItemCostsRepository,
  ItemBudgetRepository,
  NotificationRepository,
  PlanEditionRepository,
  PlanImportRepository,
  PlanNodeOwnerRepository,
  PlanReportRepository,
  PlanRepository,
  PlanTargetRepository,
  PolicyEvaluationReadRepository,
  PolicyEvaluationSheetRepository,
  PolicyEvaluationStartRepository,
  SecurityEventRepository,
  SettingsRepository,
  TenantRepository,
  UserRepository,
  WorkingGroupRepository,
] as const;

export const databaseProviders: Provider[] = [
  {
    provide: DataSource,
    inject: [APP_CONFIG],
    useFactory: async (config: AppConfig) => {
      const dataSource = createDataSource(requireDatabaseUrl(config), {
        applicationName: 'pdca-api',
        timeouts: SERVICE_DATABASE_TIMEOUTS,
      });
      await dataSource.initialize();
      await warnWhenPrivileged(
        (sql) => dataSource.query(sql),
        (message) => new Logger('Database').warn(message),
      );
      return dataSource;
    },
  },
  {
    provide: DataSourceCloser,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new DataSourceCloser(ds),
  },
  ...REPOSITORIES.map((Repository) => ({
    provide: Repository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new Repository(ds),
  })),
];
