import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint, PreferredLanguage } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { PaginationQueryDto } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import {
  UpdateWorkingGroupDto,
  WorkingGroupPageDto,
  WorkingGroupUpdateResultDto,
} from './working-groups.dto';
import { WORKING_GROUP_ADMIN_ROLES, WorkingGroupsService } from './working-groups.service';

@ApiTags('working-groups')
@Controller('working-groups')
export class WorkingGroupsController {
  constructor(private readonly groups: WorkingGroupsService) {}

  @Get()
  @Endpoint({
    summary: 'The tenant’s working groups with leader, members and item count',
    action: { en: 'list the working groups', ja: 'ワーキンググループ一覧の取得' },
    description: 'By name. A group without a leader (leader: null) cannot submit its items’ cycles.',
    ok: WorkingGroupPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto): Promise<WorkingGroupPageDto> {
    return this.groups.list(user, query);
  }

  @Patch(':workingGroupId')
  @Endpoint({
    summary: 'Assign a working group’s leader and members',
    action: { en: 'change the working group', ja: 'ワーキンググループの変更' },
    roles: WORKING_GROUP_ADMIN_ROLES,
    description: [
      'Writes the group and a `working_group.updated` ledger entry (comment: the reason) in one transaction,',
      'then reassigns every running cycle of the group’s items (open tasks go to the new leader).',
      'A cycle that refuses is listed in `cyclesFailed` with its code; the request still succeeds.',
      'Omitted fields stay as they are; repeating the request retries the cycles that failed.',
    ].join(' '),
    ok: WorkingGroupUpdateResultDto,
    errors: [[400, 'Invalid fields, a user not in the tenant, or a leader without the wg_leader role.'], 404],
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('workingGroupId', UuidParamPipe) workingGroupId: string,
    @Body() dto: UpdateWorkingGroupDto,
    @PreferredLanguage() language: 'ja' | 'en',
  ): Promise<WorkingGroupUpdateResultDto> {
    return this.groups.update(user, workingGroupId, dto, language);
  }
}
