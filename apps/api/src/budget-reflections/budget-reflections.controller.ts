import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import type { AuthUser } from '../common/http/request-context';
import { BudgetReflectionListQueryDto, BudgetReflectionPageDto } from './budget-reflections.dto';
import { BudgetReflectionsService } from './budget-reflections.service';

@ApiTags('budget-reflections')
@Controller('budget-reflections')
export class BudgetReflectionsController {
  constructor(private readonly reflections: BudgetReflectionsService) {}

  @Get()
  @Endpoint({
    summary: 'Next-fiscal-year budget adjustments from approved Act decisions',
    action: { en: 'list the budget reflections', ja: '予算反映一覧の取得' },
    roles: ['hq_approver', 'hq_admin', 'auditor', 'admin'],
    ok: BudgetReflectionPageDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: BudgetReflectionListQueryDto,
  ): Promise<BudgetReflectionPageDto> {
    return this.reflections.list(user, query);
  }
}
