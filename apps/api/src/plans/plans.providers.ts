import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanImportRepository } from '../../../../libs/persistence/src/repositories';
import { PlansService } from './plans.service';

/** What the plans endpoints add to the application module (see app.module.ts). */
export const plansProviders: Provider[] = [
  PlansService,
  {
    provide: PlanImportRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new PlanImportRepository(ds),
  },
];
