import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXTERNAL_RESPONSE_STATUSES } from '@pdca/contracts';
import {
  EXPECTED_EFFECT_MAX,
  RESPONSE_TIMING_MAX_LENGTH,
  RETURN_ANSWER_MAX_LENGTH,
  TEXT_MAX_LENGTH,
} from '@pdca/domain';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsFiscalYear } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { PolicyApprovalDto } from '../policy-evaluations/policy-evaluations.dto';

export class ExternalResponseListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 2025, description: 'The review round’s fiscal year.' })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  itemId?: string;
}

/** 市の対応方針 as the item's leader submits it; the workflow checks the rules (required texts). */
export class ExternalResponseSubmissionDto {
  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '対応方針 (1–4000 characters).' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  response: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: EXPECTED_EFFECT_MAX,
    example: 3_000_000,
    description: '効果見込額 in whole yen; leave it out when nothing countable is expected.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(EXPECTED_EFFECT_MAX)
  expectedEffect?: number;

  @ApiProperty({
    maxLength: RESPONSE_TIMING_MAX_LENGTH,
    example: '令和8年度から',
    description: '実施時期 (1–100 characters).',
  })
  @IsString()
  @MaxLength(RESPONSE_TIMING_MAX_LENGTH)
  timing: string;

  @ApiPropertyOptional({
    maxLength: RETURN_ANSWER_MAX_LENGTH,
    description: '差戻しへの回答: on a resubmission after a return, the answer to HQ’s comment. Optional.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RETURN_ANSWER_MAX_LENGTH)
  returnAnswer?: string;
}

export class FollowUpDto {
  @ApiProperty({
    example: 2026,
    description: 'The fiscal year whose evaluation reports it (after the round’s).',
  })
  @IsFiscalYear()
  fiscalYear: number;

  @ApiProperty({ maxLength: TEXT_MAX_LENGTH, description: '対応方針の実施状況 (1–4000 characters).' })
  @IsString()
  text: string;
}

/** 委員会の評価: the committee's ruling on the item. */
export class ExternalRulingDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'revise',
    description: 'A code of settings.externalReview.results.',
  })
  result: string | null;
  @ApiProperty({
    type: LocalizedTextDto,
    nullable: true,
    description: 'The code’s label in the city’s list.',
  })
  resultLabel: LocalizedTextDto | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) ruledAt: string | null;
}

export class ExternalResponseItemDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ example: '1-1' }) code: string;
  @ApiProperty() title: string;
}

export class FollowUpStateDto {
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) by: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ExternalResponseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ example: '令和7年度 外部評価' }) reviewTitle: string;
  @ApiProperty({ example: 2025, description: 'The review round’s fiscal year.' }) fiscalYear: number;
  @ApiProperty({ type: ExternalResponseItemDto }) item: ExternalResponseItemDto;
  @ApiProperty({ type: ExternalRulingDto }) ruling: ExternalRulingDto;
  @ApiProperty({
    enum: EXTERNAL_RESPONSE_STATUSES,
    description: 'open → submitted → (returned → submitted …) → approved.',
  })
  status: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The item’s leader: who submits.',
  })
  leaderUserId: string | null;
  @ApiProperty({ format: 'date-time' }) openAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() remindersSent: number;
  @ApiProperty({ description: 'Submission round (0 before the first).' }) round: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
}

export class ExternalResponsePageDto extends PageOf(ExternalResponseSummaryDto) {}

export class ExternalResponseDto extends ExternalResponseSummaryDto {
  @ApiProperty({ type: ExternalResponseSubmissionDto, nullable: true, description: 'The latest submission.' })
  submission: ExternalResponseSubmissionDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: '提出者 (display name).' })
  submittedByName: string | null;
  @ApiProperty({
    type: [PolicyApprovalDto],
    description: 'Every step of every round; decide with POST /approvals/{id}/decision.',
  })
  approvals: PolicyApprovalDto[];
  @ApiProperty({
    type: FollowUpStateDto,
    nullable: true,
    description: '対応方針の実施状況 (the leader’s follow-up).',
  })
  followUp: FollowUpStateDto | null;
}

/** An approved response carried to the item's cycles of later fiscal years. */
export class CarriedExternalResponseDto {
  @ApiProperty({ format: 'uuid', description: 'PUT /external-responses/{id}/follow-up reports how it went.' })
  id: string;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() reviewTitle: string;
  @ApiProperty({ example: 2025, description: 'The review round’s fiscal year.' }) fiscalYear: number;
  @ApiProperty({ type: ExternalRulingDto }) ruling: ExternalRulingDto;
  @ApiProperty({ description: '対応方針.' }) response: string;
  @ApiProperty({ nullable: true, type: Number, description: '効果見込額 (yen).' }) expectedEffect:
    | number
    | null;
  @ApiProperty({ description: '実施時期.' }) timing: string;
  @ApiProperty({ format: 'date-time' }) approvedAt: string;
  @ApiProperty({ type: FollowUpStateDto, nullable: true }) followUp: FollowUpStateDto | null;
}

export class FollowUpResultDto {
  @ApiProperty({ description: 'False when the same text and year were there already (nothing written).' })
  changed: boolean;
  @ApiProperty({ type: ExternalResponseDto }) response: ExternalResponseDto;
}
