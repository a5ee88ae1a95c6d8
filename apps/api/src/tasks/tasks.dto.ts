import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TASK_STATUSES } from '../../../../libs/contracts/src';
import type { TaskListEntry } from '../../../../libs/persistence/src/repositories';
import { InboxEntryContextDto, mapInboxEntryContext } from '../common/http/inbox-entry-context.dto';
import { BooleanQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { mapTask, TaskDto } from '../cycles/cycle.dto';

export class TaskListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description: 'Only tasks assigned to you. Users whose only role is wg_leader always get their own tasks.',
  })
  @BooleanQuery()
  mine?: boolean;

  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    description: 'scheduled: tasks not open yet (予定), listed apart from the open ones.',
  })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: (typeof TASK_STATUSES)[number];
}

export class TaskInboxEntryDto extends IntersectionType(TaskDto, InboxEntryContextDto) {}

export class TaskPageDto extends PageOf(TaskInboxEntryDto) {}

export function mapTaskEntry(entry: TaskListEntry): TaskInboxEntryDto {
  return { ...mapTask(entry), ...mapInboxEntryContext(entry) };
}
