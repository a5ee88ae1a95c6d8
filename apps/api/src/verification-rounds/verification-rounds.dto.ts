import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VERIFICATION_ITEM_STATUSES, VERIFICATION_STATUSES } from '@pdca/contracts';
import { TEXT_MAX_LENGTH } from '@pdca/domain';
import { VERIFICATION_MAX_ITEMS, VERIFICATION_MAX_TEAM } from '@pdca/domain/business-verification';
import { PROJECT_KINDS } from '@pdca/domain/item-costs';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { type ExportLang, ExportLangQuery } from '../common/http/export-lang';
import { IsFiscalYear } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { Trim } from '../common/http/trim';
import { PolicyApprovalDto } from '../policy-evaluations/policy-evaluations.dto';

export const VERIFICATION_TITLE_MAX_LENGTH = 200;
/** フルコスト at most 10 trillion yen as a criterion. */
const FULL_COST_MAX = 10_000_000_000_000;

/** HQ's criteria for choosing the items by their attributes (resolved to ids when the round is opened). */
export class VerificationSelectDto {
  @ApiPropertyOptional({
    type: [String],
    enum: PROJECT_KINDS,
    example: ['city_only', 'top_up'],
    description:
      '事業区分: 市単独 city_only, 上乗せ・横出し top_up, 国・県補助 subsidized, 法定受託 statutory.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PROJECT_KINDS.length)
  @IsIn(PROJECT_KINDS, { each: true })
  projectKind?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['C', 'D'],
    description: 'The latest grade up to the round’s year: HQ’s 二次評価, else the 一次評価.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  grade?: string[];

  @ApiPropertyOptional({
    example: 50_000_000,
    description:
      'フルコスト (事業費 + 人件費) at least this many yen: the latest year up to the round’s, 実績 before 見込.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(FULL_COST_MAX)
  minFullCost?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only items of this plan.' })
  @IsOptional()
  @IsUUID('all')
  planId?: string;
}

export class CreateVerificationRoundDto {
  @ApiProperty({
    example: 2026,
    description: 'The fiscal year of the round (its decisions reach the next year’s budget).',
  })
  @IsFiscalYear()
  fiscalYear: number;

  @ApiProperty({ minLength: 1, maxLength: VERIFICATION_TITLE_MAX_LENGTH, example: '令和8年度 事業検証' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(VERIFICATION_TITLE_MAX_LENGTH)
  title: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: VERIFICATION_MAX_ITEMS,
    description:
      'The items chosen by hand (give this or `select`). Items left 方向性未決定 in an earlier round are added first in any case.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(VERIFICATION_MAX_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiPropertyOptional({
    type: VerificationSelectDto,
    description:
      'The items chosen by their attributes (give this or `itemIds`); the opened round lists them.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => VerificationSelectDto)
  select?: VerificationSelectDto;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: VERIFICATION_MAX_TEAM,
    description: 'The 検証チーム: users of the city (not external reviewers).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VERIFICATION_MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  teamUserIds: string[];

  @ApiProperty({ format: 'date-time', description: 'When the team’s findings are due (in the future).' })
  @IsISO8601({ strict: true })
  findingsDueAt: string;

  @ApiProperty({ format: 'date-time', description: 'When HQ’s decisions are due (not before the findings).' })
  @IsISO8601({ strict: true })
  decisionDueAt: string;
}

export class VerificationListQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;
}

export class VerificationFindingsDto {
  @ApiProperty({ format: 'uuid', description: 'An item of the round.' })
  @IsUUID('all')
  itemId: string;

  @ApiProperty({ minLength: 1, maxLength: TEXT_MAX_LENGTH, description: '検証結果.' })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  findings: string;

  @ApiProperty({ example: 'reduce', description: '方向性: a code of the city’s decision list.' })
  @IsString()
  @MaxLength(32)
  decision: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 8_000_000,
    description: '予算への反映額 (yen) by the decision’s budget rule, as an Act decision’s budgetProposal.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(FULL_COST_MAX)
  budgetProposal?: number | null;

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH, description: '差戻しへの回答, on a resubmission.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  returnAnswer?: string;
}

export class VerificationRoundSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: VERIFICATION_STATUSES }) status: string;
  @ApiProperty({ type: LocalizedTextDto, description: '検証中 / 本部の決定済み.' })
  statusLabel: LocalizedTextDto;
  @ApiProperty({ format: 'date-time' }) findingsDueAt: string;
  @ApiProperty({ format: 'date-time' }) decisionDueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() itemCount: number;
  @ApiProperty() decidedCount: number;
  @ApiProperty({ description: 'Items carried over 方向性未決定 from an earlier round.' })
  carriedOverCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
}

export class VerificationRoundListDto {
  @ApiProperty({ type: [VerificationRoundSummaryDto] }) rounds: VerificationRoundSummaryDto[];
}

export class VerificationTeamMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

export class VerificationSubmissionDto {
  @ApiProperty() findings: string;
  @ApiProperty() decision: string;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) decisionLabel: LocalizedTextDto | null;
  @ApiProperty({ type: Number, nullable: true }) budgetProposal: number | null;
  @ApiProperty({ type: String, nullable: true }) returnAnswer: string | null;
}

export class VerificationHistoryDto {
  @ApiProperty({ format: 'uuid' }) verificationItemId: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() roundTitle: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({
    type: VerificationSubmissionDto,
    nullable: true,
    description: 'Last year’s 検証結果 and 方向性.',
  })
  submission: VerificationSubmissionDto | null;
  @ApiProperty({ type: String, nullable: true }) decision: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) decisionLabel: LocalizedTextDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
}

export class VerificationReflectionDto {
  @ApiProperty({ description: 'The budget year it goes into.' }) fiscalYear: number;
  @ApiProperty() currentAmount: number;
  @ApiProperty() proposedAmount: number;
  @ApiProperty() delta: number;
  @ApiProperty({ example: 'reduce.proposal' }) rule: string;
}

export class VerificationItemDto {
  @ApiProperty({ format: 'uuid', description: 'The round’s row for the item.' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: '事業区分.' }) projectKind: string | null;
  @ApiProperty() position: number;
  @ApiProperty({ description: 'The item’s budget of the round’s year (yen).' }) currentAmount: number;
  @ApiProperty({ enum: VERIFICATION_ITEM_STATUSES }) status: string;
  @ApiProperty({ type: LocalizedTextDto }) statusLabel: LocalizedTextDto;
  @ApiProperty({ description: 'The chain’s round (1 + returns).' }) round: number;
  @ApiProperty({ type: VerificationSubmissionDto, nullable: true })
  submission: VerificationSubmissionDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedByName: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '本部の決定 (the approved 方向性).' })
  decision: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) decisionLabel: LocalizedTextDto | null;
  @ApiProperty({ description: '方向性未決定: the next round takes the item again.' }) carriesOver: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ type: VerificationReflectionDto, nullable: true })
  reflection: VerificationReflectionDto | null;
  @ApiProperty({
    type: VerificationHistoryDto,
    nullable: true,
    description: 'Last year’s round when carried over.',
  })
  carriedFrom: VerificationHistoryDto | null;
  @ApiProperty({ type: [PolicyApprovalDto] }) approvals: PolicyApprovalDto[];
}

export class VerificationDecisionOptionDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty() carriesOver: boolean;
  @ApiProperty() budgetRule: string;
}

export class VerificationRoundDto extends VerificationRoundSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'How HQ chose the items.' })
  criteria: Record<string, unknown>;
  @ApiProperty({ type: [VerificationTeamMemberDto] }) team: VerificationTeamMemberDto[];
  @ApiProperty({ type: [VerificationDecisionOptionDto], description: 'The city’s decision list (方向性).' })
  decisions: VerificationDecisionOptionDto[];
  @ApiProperty({ type: [VerificationItemDto] }) items: VerificationItemDto[];
}

export class VerificationResultsQueryDto {
  @ApiProperty({ example: 2026, description: 'The fiscal year of the rounds.' })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear: number;

  @ExportLangQuery()
  lang?: ExportLang;
}
