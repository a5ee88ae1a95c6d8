import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { POLICY_EVALUATION_STATUSES } from '@pdca/contracts';
import { LIST_MAX_LENGTH, RETURN_ANSWER_MAX_LENGTH, TEXT_MAX_LENGTH } from '@pdca/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsFiscalYear } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { BooleanQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';

const FINITE = { allowNaN: false, allowInfinity: false };

export class AssignNodeOwnerDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A user of the tenant holding wg_leader: the responsible 部長 who submits the 施策評価.',
  })
  @IsUUID('all')
  ownerUserId: string;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, example: '4月1日付の人事異動', description: 'For the ledger.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;
}

export class PolicyNodeDto {
  @ApiProperty({ format: 'uuid' }) nodeId: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '1' }) code: string;
  @ApiProperty({ example: '行政のデジタル化' }) title: string;
  @ApiProperty({ example: 2, description: '1 = the top level.' }) level: number;
}

export class NodeOwnerResultDto extends PolicyNodeDto {
  @ApiProperty({ format: 'uuid' }) ownerUserId: string;
  @ApiProperty({ description: 'False when the node had this owner already (nothing written).' })
  changed: boolean;
  @ApiProperty({ description: 'Running 施策評価 of the node that now have the new owner.' })
  evaluationsUpdated: number;
}

export class StartPolicyEvaluationsDto {
  @ApiProperty({ example: 2025 })
  @IsFiscalYear()
  fiscalYear: number;
}

export class StartPolicyEvaluationsResultDto {
  @ApiProperty({ example: 2025 }) fiscalYear: number;
  @ApiProperty({ description: 'Evaluations started now or found running.' }) running: number;
  @ApiProperty({ description: 'Evaluations of the year that had run and closed: never started again.' })
  closed: number;
}

export class PolicyEvaluationListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  nodeId?: string;

  @ApiPropertyOptional({
    description: 'Only the evaluations you own. A wg_leader always gets only their own.',
  })
  @BooleanQuery()
  mine?: boolean;
}

export class PolicyIndicatorResultDto {
  @ApiProperty({ format: 'uuid', description: 'One of the node’s own indicators.' })
  @IsUUID('all')
  indicatorId: string;

  @ApiPropertyOptional({ example: 280, description: 'The year’s 実績.' })
  @IsOptional()
  @IsNumber(FINITE)
  actual?: number;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '達成状況の理由.' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;
}

/** The owner's 施策評価; the workflow checks the rules (the city's scale, every node indicator once). */
export class PolicyEvaluationSubmissionDto {
  @ApiProperty({
    maxLength: 32,
    example: 'B',
    description: '担当部評価: a code of settings.policyEvaluation.scale.',
  })
  @IsString()
  @MaxLength(32)
  rating: string;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '評価の理由.' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  reason: string;

  @ApiProperty({
    type: [PolicyIndicatorResultDto],
    description: 'Each of the node’s indicators once ([] when none).',
  })
  @IsArray()
  @ArrayMaxSize(LIST_MAX_LENGTH)
  @ValidateNested({ each: true })
  @Type(() => PolicyIndicatorResultDto)
  indicators: PolicyIndicatorResultDto[];

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '施策実現のための課題.' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  issues: string;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '今後の方向性.' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  direction: string;

  @ApiPropertyOptional({
    maxLength: RETURN_ANSWER_MAX_LENGTH,
    description:
      '差戻しへの回答: on a resubmission after a return, the 担当部長’s answer to HQ’s comment (shown to HQ beside it). Optional.',
    example: '残る2項目の遅れの見通しを課題に追記しました。',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RETURN_ANSWER_MAX_LENGTH)
  returnAnswer?: string;
}

export class PendingItemDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ example: '1-2' }) itemCode: string;
  @ApiProperty() itemTitle: string;
}

export class PolicyApprovalDto {
  @ApiProperty({ format: 'uuid', description: 'Decide with POST /approvals/{approvalId}/decision.' })
  id: string;
  @ApiProperty() round: number;
  @ApiProperty() stepIndex: number;
  @ApiProperty({ example: 'hq' }) stepKey: string;
  @ApiProperty({ type: LocalizedTextDto }) stepLabel: LocalizedTextDto;
  @ApiProperty({ enum: ['pending', 'approved', 'returned', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'uuid' }) submittedBy: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class PolicyEvaluationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PolicyNodeDto }) node: PolicyNodeDto;
  @ApiProperty({ example: 2025 }) fiscalYear: number;
  @ApiProperty({
    enum: POLICY_EVALUATION_STATUSES,
    description: 'scheduled (予定) → open → submitted → (returned → submitted …) → approved.',
  })
  status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ownerUserId: string | null;
  @ApiProperty({ format: 'date-time', description: 'The latest opening (calendar.policyEvaluationOpen).' })
  scheduledOpenAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) openAt: string | null;
  @ApiProperty({
    enum: ['items_approved', 'date'],
    nullable: true,
    type: String,
    description:
      'items_approved: every item’s CHECK evaluation was approved; date: the city’s date came first.',
  })
  openedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({
    type: [PendingItemDto],
    description: 'Opened on the date: the items still not approved then.',
  })
  itemsPending: PendingItemDto[];
  @ApiProperty() overdue: boolean;
  @ApiProperty() remindersSent: number;
  @ApiProperty({ description: 'Submission round (0 before the first).' }) round: number;
  @ApiProperty({ nullable: true, type: String, description: '担当部評価 of the latest submission.' })
  rating: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
}

export class PolicyEvaluationPageDto extends PageOf(PolicyEvaluationSummaryDto) {}
