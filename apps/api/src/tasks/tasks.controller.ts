import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { COMMANDS } from '@pdca/contracts';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { CycleStateDto } from '../common/http/cycle-state.dto';
import type { AuthUser } from '../common/http/request-context';
import { MoveDeadlineDto, OpenTaskEarlyDto, TaskListQueryDto, TaskPageDto } from './tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Endpoint({
    summary: 'The task inbox',
    action: { en: 'list the tasks', ja: 'タスク一覧の取得' },
    externalReviewers: 'own',
    description:
      'HQ, auditors and admins see the tenant’s tasks (or their own with mine=true); leaders see their own.',
    ok: TaskPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: TaskListQueryDto): Promise<TaskPageDto> {
    return this.tasks.list(user, query);
  }

  @Patch(':taskId/deadline')
  @Endpoint({
    summary: 'Move a task’s deadline while the cycle runs',
    action: COMMANDS.moveDeadline.action,
    roles: COMMANDS.moveDeadline.roles,
    description: 'Reminders are rescheduled; reminders already sent are not sent again.',
    ok: CycleStateDto,
    errors: [400, 404, [409, 'The task is no longer open or the cycle is closed.']],
  })
  moveDeadline(
    @CurrentUser() user: AuthUser,
    @Param('taskId', UuidParamPipe) taskId: string,
    @Body() dto: MoveDeadlineDto,
  ): Promise<CycleStateDto> {
    return this.tasks.moveDeadline(user, taskId, dto);
  }

  @Post(':taskId/open')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Open a scheduled task before its opening date',
    action: COMMANDS.openTask.action,
    roles: COMMANDS.openTask.roles,
    description:
      'For the rare case a city needs it: the task opens now and its reminders count from now. The reason is recorded in the ledger (task.opened_early).',
    ok: CycleStateDto,
    errors: [
      400,
      404,
      [409, 'The task is not scheduled (open or submitted already) or the cycle is closed.'],
    ],
  })
  openEarly(
    @CurrentUser() user: AuthUser,
    @Param('taskId', UuidParamPipe) taskId: string,
    @Body() dto: OpenTaskEarlyDto,
  ): Promise<CycleStateDto> {
    return this.tasks.openEarly(user, taskId, dto);
  }
}
