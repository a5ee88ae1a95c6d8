import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { TASK_STATUSES } from '@pdca/contracts';
import type { TaskListEntry } from '@pdca/persistence/repositories';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { mapTask, TaskDto } from '../common/http/cycle-records.dto';
import { mapInboxEntryContext } from '../common/http/inbox-entry-context.dto';
import { BooleanQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { INBOX_KINDS, InboxOriginDto } from '../policy-evaluations/policy-inbox';

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

export class MoveDeadlineDto {
  @ApiProperty({ format: 'date-time', example: '2025-07-10T17:00:00+09:00' })
  @IsISO8601({ strict: true })
  dueAt: string;

  @ApiProperty({ maxLength: 1000, example: '議会日程の変更のため' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class OpenTaskEarlyDto {
  @ApiProperty({ maxLength: 1000, example: '議会への中間報告に間に合わせるため' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

/** The task inbox's kinds: the approval inbox's, and a member's review round (外部評価). */
export const TASK_INBOX_KINDS = [...INBOX_KINDS, 'external_opinion'] as const;

class TaskInboxKindDto {
  @ApiProperty({
    enum: TASK_INBOX_KINDS,
    description:
      'policy_evaluation: a node’s 施策評価 (see node); external_opinion: a review round (外部評価) with items still missing the member’s 意見 — its id is the round’s (GET /external-reviews/{id}).',
  })
  kind: string;
}

/** A task of an item's cycle, or a 施策評価 (its cycle's fields null, policyEvaluationId and node set). */
export class TaskInboxEntryDto extends IntersectionType(
  OmitType(TaskDto, ['cycleId', 'kind'] as const),
  TaskInboxKindDto,
  InboxOriginDto,
) {}

export class TaskPageDto extends PageOf(TaskInboxEntryDto) {}

export function mapTaskEntry(entry: TaskListEntry): TaskInboxEntryDto {
  return { ...mapTask(entry), ...mapInboxEntryContext(entry), policyEvaluationId: null, node: null };
}
