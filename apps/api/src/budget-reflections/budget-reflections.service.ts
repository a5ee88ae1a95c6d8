import { Injectable } from '@nestjs/common';
import { CycleReadRepository } from '@pdca/persistence/repositories';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import {
  type BudgetReflectionListQueryDto,
  type BudgetReflectionPageDto,
  mapBudgetReflectionEntry,
} from './budget-reflections.dto';

@Injectable()
export class BudgetReflectionsService {
  constructor(private readonly cycleReads: CycleReadRepository) {}

  async list(user: AuthUser, query: BudgetReflectionListQueryDto): Promise<BudgetReflectionPageDto> {
    return loadPage(
      query,
      (window) =>
        this.cycleReads.listBudgetReflections({
          tenantId: user.tenantId,
          fiscalYear: query.fiscalYear,
          ...window,
        }),
      mapBudgetReflectionEntry,
    );
  }
}
