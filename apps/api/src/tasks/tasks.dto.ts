import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CYCLE_STATUSES, STAGES } from '../../../../libs/domain/src';
import type { TaskListEntry } from '../../../../libs/persistence/src/repositories';
import { BooleanQuery, PaginationQueryDto } from '../common/http/pagination.dto';
import { mapTask, TaskDto } from '../cycles/cycle.dto';

export const TASK_STATUSES = ['open', 'submitted', 'done', 'cancelled'] as const;

export class TaskListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description: 'Only tasks assigned to you. Users whose only role is wg_leader always get their own tasks.',
  })
  @BooleanQuery()
  mine?: boolean;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: (typeof TASK_STATUSES)[number];
}

export class TaskInboxEntryDto extends TaskDto {
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty()
  itemTitle: string;
  @ApiProperty({ example: 2025 })
  fiscalYear: number;
  @ApiProperty({ enum: STAGES })
  cycleStage: string;
  @ApiProperty({ enum: CYCLE_STATUSES })
  cycleStatus: string;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskInboxEntryDto] })
  items: TaskInboxEntryDto[];
  @ApiProperty()
  total: number;
  @ApiProperty()
  limit: number;
  @ApiProperty()
  offset: number;
}

export function mapTaskEntry(entry: TaskListEntry): TaskInboxEntryDto {
  return {
    ...mapTask(entry),
    itemId: entry.itemId,
    itemCode: entry.itemCode,
    itemTitle: entry.itemTitle,
    fiscalYear: entry.fiscalYear,
    cycleStage: entry.cycleStage,
    cycleStatus: entry.cycleStatus,
  };
}
