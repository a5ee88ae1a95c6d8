import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalsService } from './approvals/approvals.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { WorkflowHistoryService } from './audit/workflow-history.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { LoginThrottlerGuard } from './auth/login-throttler.guard';
import { OidcController } from './auth/oidc/oidc.controller';
import { OidcService } from './auth/oidc/oidc.service';
import { PasswordRules } from './auth/password-rules';
import { BudgetReflectionsController } from './budget-reflections/budget-reflections.controller';
import { BudgetReflectionsService } from './budget-reflections/budget-reflections.service';
import { AuthGuard } from './common/auth/auth.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/errors/validation';
import { CyclesController } from './cycles/cycles.controller';
import { CyclesService } from './cycles/cycles.service';
import { EvaluationSheetsController } from './evaluation-sheets/evaluation-sheets.controller';
import { EvaluationSheetsService } from './evaluation-sheets/evaluation-sheets.service';
import { ExternalResponsesController } from './external-responses/external-responses.controller';
import { ExternalResponsesService } from './external-responses/external-responses.service';
import { ExternalReviewReportsController } from './external-review-reports/external-review-reports.controller';
import { ExternalReviewReportsService } from './external-review-reports/external-review-reports.service';
import { ExternalReviewsController } from './external-reviews/external-reviews.controller';
import { ExternalReviewsService } from './external-reviews/external-reviews.service';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { type ApiOptions, loginRateLimits } from './infrastructure/api-options';
import { databaseProviders } from './infrastructure/database.providers';
import { API_OPTIONS, APP_CONFIG } from './infrastructure/tokens';
import { ItemBudgetsController } from './item-budgets/item-budgets.controller';
import { ItemBudgetsService } from './item-budgets/item-budgets.service';
import { ItemCostsController } from './item-costs/item-costs.controller';
import { ItemCostsService } from './item-costs/item-costs.service';
import { ItemRemovalService } from './items/item-removal.service';
import { ItemsController } from './items/items.controller';
import { ItemsService } from './items/items.service';
import {
  NotificationDeliveriesController,
  NotificationsController,
} from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { WebhooksController } from './notifications/webhooks.controller';
import { WebhooksService } from './notifications/webhooks.service';
import { PlanEditionsController } from './plan-editions/plan-editions.controller';
import { PlanEditionsService } from './plan-editions/plan-editions.service';
import { PlanReportsController } from './plan-reports/plan-reports.controller';
import { PlanReportsService } from './plan-reports/plan-reports.service';
import { PlanTargetsController } from './plan-targets/plan-targets.controller';
import { PlanTargetsService } from './plan-targets/plan-targets.service';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { PolicyEvaluationSheetsController } from './policy-evaluation-sheets/policy-evaluation-sheets.controller';
import { PolicyEvaluationSheetsService } from './policy-evaluation-sheets/policy-evaluation-sheets.service';
import { NodeHistoryController } from './policy-evaluations/node-history.controller';
import {
  PlanNodeOwnersController,
  PolicyEvaluationsController,
} from './policy-evaluations/policy-evaluations.controller';
import { PolicyEvaluationsService } from './policy-evaluations/policy-evaluations.service';
import { SecurityEventsController } from './security-events/security-events.controller';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { CycleCommandsService } from './temporal/cycle-commands.service';
import { TemporalClientService } from './temporal/temporal-client.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { VerificationRoundsController } from './verification-rounds/verification-rounds.controller';
import { VerificationRoundsService } from './verification-rounds/verification-rounds.service';
import { WorkingGroupsController } from './working-groups/working-groups.controller';
import { WorkingGroupsService } from './working-groups/working-groups.service';

@Module({})
export class AppModule {}

/**
 * The whole API as one module built from already-parsed configuration, so main.ts and the API
 * tests boot exactly the same application (tests with their own database, Temporal address and
 * rate limits).
 */
export function createAppModule(options: ApiOptions): DynamicModule {
  const { config } = options;
  const limits = loginRateLimits(options);
  return {
    module: AppModule,
    imports: [
      JwtModule.register({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtExpiresInSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
      ThrottlerModule.forRoot({
        throttlers: [{ name: 'default', ttl: limits.perIp.windowMs, limit: limits.perIp.limit }],
      }),
    ],
    controllers: [
      HealthController,
      AuthController,
      ItemsController,
      ItemCostsController,
      ItemBudgetsController,
      CyclesController,
      ApprovalsController,
      TasksController,
      BudgetReflectionsController,
      AuditController,
      PlansController,
      PlanReportsController,
      PlanTargetsController,
      EvaluationSheetsController,
      PolicyEvaluationSheetsController,
      ExternalReviewReportsController,
      PlanEditionsController,
      PolicyEvaluationsController,
      ExternalResponsesController,
      ExternalReviewsController,
      VerificationRoundsController,
      PlanNodeOwnersController,
      NodeHistoryController,
      UsersController,
      WorkingGroupsController,
      NotificationsController,
      NotificationDeliveriesController,
      WebhooksController,
      SecurityEventsController,
      SettingsController,
      OidcController,
    ],
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: API_OPTIONS, useValue: options },
      ...databaseProviders,
      TemporalClientService,
      CycleCommandsService,
      HealthService,
      AuthService,
      PasswordRules,
      OidcService,
      LoginThrottlerGuard,
      ItemsService,
      ItemRemovalService,
      ItemCostsService,
      ItemBudgetsService,
      CyclesService,
      ApprovalsService,
      PolicyEvaluationsService,
      ExternalResponsesService,
      ExternalReviewsService,
      VerificationRoundsService,
      TasksService,
      BudgetReflectionsService,
      UsersService,
      WorkingGroupsService,
      NotificationsService,
      WebhooksService,
      AuditService,
      WorkflowHistoryService,
      PlansService,
      PlanReportsService,
      PlanTargetsService,
      EvaluationSheetsService,
      PolicyEvaluationSheetsService,
      ExternalReviewReportsService,
      PlanEditionsService,
      SettingsService,
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
    ],
  };
}
