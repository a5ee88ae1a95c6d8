import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditReadRepository } from '../../../../libs/persistence/src/repositories';
import { AuditService } from './audit.service';
import { WorkflowHistoryService } from './workflow-history.service';

/**
 * The audit endpoints' providers, listed in the app module next to the AuditController. They use
 * the app's one DataSource and Temporal client (root-module providers, hence no separate module).
 */
export const AUDIT_PROVIDERS: Provider[] = [
  {
    provide: AuditReadRepository,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new AuditReadRepository(dataSource),
  },
  WorkflowHistoryService,
  AuditService,
];
