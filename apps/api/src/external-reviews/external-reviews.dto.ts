import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EXTERNAL_RESPONSE_STATUSES,
  EXTERNAL_REVIEW_STATUSES,
  type ExternalReviewStatus,
} from '@pdca/contracts';
import {
  EXTERNAL_REVIEW_MAX_ITEMS,
  EXTERNAL_REVIEW_MAX_MEMBERS,
  EXTERNAL_REVIEW_TEXT_MAX_LENGTH,
  EXTERNAL_REVIEW_TITLE_MAX_LENGTH,
} from '@pdca/domain/external-review-settings';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsFiscalYear } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { Trim } from '../common/http/trim';

/** HQ's filter for choosing the items (resolved to ids when the round is created). */
export class ExternalReviewSelectDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['C', 'D'],
    description: 'Grades of the round’s year: HQ’s 二次評価, else the 一次評価.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  grade?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['reduce', 'abolish'],
    description: 'Decision codes (今後の方向性) of the round’s year.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  decision?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only items of this plan.' })
  @IsOptional()
  @IsUUID('all')
  planId?: string;
}

export class CreateExternalReviewDto {
  @ApiProperty({ example: 2025, description: 'The fiscal year the committee reviews.' })
  @IsFiscalYear()
  fiscalYear: number;

  @ApiProperty({
    minLength: 1,
    maxLength: EXTERNAL_REVIEW_TITLE_MAX_LENGTH,
    example: '令和7年度 外部評価（第1回）',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(EXTERNAL_REVIEW_TITLE_MAX_LENGTH)
  title: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: EXTERNAL_REVIEW_MAX_ITEMS,
    description: 'The items chosen by hand (give this or `select`).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXTERNAL_REVIEW_MAX_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiPropertyOptional({
    type: ExternalReviewSelectDto,
    description: 'The items chosen by a filter (give this or `itemIds`); the created round lists the ids.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalReviewSelectDto)
  select?: ExternalReviewSelectDto;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: EXTERNAL_REVIEW_MAX_MEMBERS,
    description: 'The committee members: users of the city holding external_reviewer.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXTERNAL_REVIEW_MAX_MEMBERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberUserIds: string[];

  @ApiProperty({ format: 'uuid', description: 'The chair (委員長): one of the members.' })
  @IsUUID('all')
  chairUserId: string;

  @ApiProperty({ format: 'date-time', description: 'When the members’ opinions are due (in the future).' })
  @IsISO8601({ strict: true })
  dueAt: string;
}

export class ExternalReviewListQueryDto {
  @ApiPropertyOptional({ example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;
}

export class ExternalOpinionInputDto {
  @ApiProperty({ format: 'uuid', description: 'An item of the round, not ruled yet.' })
  @IsUUID('all')
  itemId: string;

  @ApiProperty({ minLength: 1, maxLength: EXTERNAL_REVIEW_TEXT_MAX_LENGTH, description: '意見.' })
  @IsString()
  opinion: string;

  @ApiProperty({
    maxLength: 32,
    example: 'revise',
    description: '評価区分（案）: a code of settings.externalReview.results.',
  })
  @IsString()
  result: string;
}

export class ExternalRulingInputDto {
  @ApiProperty({ format: 'uuid', description: 'An item of the round, not ruled yet.' })
  @IsUUID('all')
  itemId: string;

  @ApiProperty({
    maxLength: 32,
    example: 'revise',
    description: '委員会の評価: a code of settings.externalReview.results.',
  })
  @IsString()
  result: string;

  @ApiProperty({ minLength: 1, maxLength: EXTERNAL_REVIEW_TEXT_MAX_LENGTH, description: '評価の理由.' })
  @IsString()
  reason: string;
}

export class ExternalReviewSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 2025 }) fiscalYear: number;
  @ApiProperty() title: string;
  @ApiProperty({
    enum: EXTERNAL_REVIEW_STATUSES,
    description: 'open: taking opinions; ruled: every item ruled.',
  })
  status: ExternalReviewStatus;
  @ApiProperty({ format: 'uuid' }) chairUserId: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() itemCount: number;
  @ApiProperty() ruledCount: number;
  @ApiProperty() memberCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExternalReviewListDto {
  @ApiProperty({ type: [ExternalReviewSummaryDto] }) reviews: ExternalReviewSummaryDto[];
}

export class ExternalReviewMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() chair: boolean;
}

export class ExternalRulingDto {
  @ApiProperty() result: string;
  @ApiProperty({ type: LocalizedTextDto }) resultLabel: LocalizedTextDto;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) ruledBy: string;
  @ApiProperty({ format: 'date-time' }) ruledAt: string;
}

export class ExternalOpinionDto {
  @ApiProperty({ format: 'uuid' }) memberUserId: string;
  @ApiProperty() memberName: string;
  @ApiProperty() opinion: string;
  @ApiProperty() result: string;
  @ApiProperty({ type: LocalizedTextDto }) resultLabel: LocalizedTextDto;
  @ApiProperty({ description: '1, or more when the member replaced their opinion.' }) revision: number;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class ExternalReviewItemDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() position: number;
  @ApiProperty({ example: '1-1' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: 'The year’s grade (二次評価, else 一次評価).' })
  grade: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The year’s decision (今後の方向性).' })
  decision: string | null;
  @ApiProperty({ type: ExternalRulingDto, nullable: true }) ruling: ExternalRulingDto | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The city’s response (市の対応方針), started by the ruling (GET /external-responses/{id}).',
  })
  responseId: string | null;
  @ApiProperty({
    enum: EXTERNAL_RESPONSE_STATUSES,
    nullable: true,
    description:
      'Where the city’s response stands: open → submitted → (returned → submitted …) → approved; null before the ruling.',
  })
  responseStatus: string | null;
  @ApiProperty({ description: 'Whether the caller has given their opinion on the item.' })
  opinionGiven: boolean;
  @ApiProperty({
    type: [ExternalOpinionDto],
    description:
      'The opinions the caller may read: a member reads the others’ only after giving their own on the item; HQ, admins and auditors read all.',
  })
  opinions: ExternalOpinionDto[];
  @ApiProperty({ description: 'How many opinions the item has, read or not.' }) opinionCount: number;
}

export class ExternalReviewResultOptionDto {
  @ApiProperty({ example: 'revise' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ description: '1 = first in lists.' }) order: number;
}

export class ExternalReviewDto extends ExternalReviewSummaryDto {
  @ApiProperty({ type: [ExternalReviewMemberDto] }) members: ExternalReviewMemberDto[];
  @ApiProperty({ type: [ExternalReviewItemDto] }) items: ExternalReviewItemDto[];
  @ApiProperty({
    type: [ExternalReviewResultOptionDto],
    description: 'The committee’s result list (the city’s settings externalReview.results).',
  })
  results: ExternalReviewResultOptionDto[];
}
