import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ACHIEVEMENT_FORMULA_SETTINGS,
  type AchievementFormulaSetting,
  type CityReviewCadence,
  type CitySettings,
  DECISION_BUDGET_RULES,
  type DecisionBudgetRule,
  REVIEW_CADENCES,
  TEXT_MAX_LENGTH,
} from '@pdca/domain';
import { IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { Trim } from '../common/http/trim';

export class PlanLevelDto {
  @ApiProperty({ type: LocalizedTextDto, example: { ja: '基本方針', en: 'Basic policy' } })
  name: LocalizedTextDto;
}

export class DecisionSettingDto {
  @ApiProperty({
    example: 'keep_as_is',
    description: 'Stable id stored in submissions: 1–32 of A–Z a–z 0–9 _ -.',
  })
  code: string;
  @ApiProperty({ type: LocalizedTextDto, example: { ja: '現行どおり', en: 'Keep as is' } })
  label: LocalizedTextDto;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99, description: '1 = first in lists.' })
  order: number;
  @ApiProperty({ description: 'The item ends with this decision: no next fiscal year opens.' })
  endsItem: boolean;
  @ApiProperty({
    description: 'Undecided (方向性未決定): decided again in the next round; budget rule none.',
  })
  carriesOver: boolean;
  @ApiProperty({
    enum: DECISION_BUDGET_RULES,
    description:
      'increase: a higher amount is required; keep: the current amount (±5 %); adjust: any amount; decrease: a lower amount above 0; zero: the budget becomes 0; none: nothing is reflected.',
  })
  budgetRule: DecisionBudgetRule;
}

export class RatingGradeDto {
  @ApiProperty({ example: 'A', pattern: '^[A-Za-z0-9_-]{1,32}$' }) code: string;
  @ApiProperty({ example: 'A', minLength: 1, maxLength: 4, description: 'What a printed table shows.' })
  symbol: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99, description: '1 = best.' }) order: number;
}

export class RatingScalesDto {
  @ApiProperty({ type: [RatingGradeDto], minItems: 2, maxItems: 6, description: '一次評価（所管）.' })
  self: RatingGradeDto[];
  @ApiProperty({ type: [RatingGradeDto], minItems: 2, maxItems: 6, description: '二次評価（本部）.' })
  hq: RatingGradeDto[];
}

export class PolicyRatingGradeDto {
  @ApiProperty({ example: 'A', pattern: '^[A-Za-z0-9_-]{1,32}$' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99, description: '1 = best.' }) order: number;
}

/** 施策評価: which plan level is evaluated (null: off) and the 担当部評価 scale. */
export class PolicyEvaluationSettingsDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 3,
    description: 'The plan level (1 = top) whose nodes get a 施策評価; null: off (the default).',
  })
  level: number | null;
  @ApiProperty({
    type: [PolicyRatingGradeDto],
    minItems: 2,
    maxItems: 6,
    description: '担当部評価 (A/B/C by default).',
  })
  scale: PolicyRatingGradeDto[];
}

export class ExternalReviewResultDto {
  @ApiProperty({ example: 'revise', pattern: '^[A-Za-z0-9_-]{1,32}$' }) code: string;
  @ApiProperty({ type: LocalizedTextDto, example: { ja: '見直し', en: 'Revise' } }) label: LocalizedTextDto;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 99, description: '1 = first in lists.' })
  order: number;
}

/** 外部評価: the committee's result list, the days the city has to answer a ruling, names in the report. */
export class ExternalReviewSettingsDto {
  @ApiProperty({
    type: [ExternalReviewResultDto],
    minItems: 1,
    maxItems: 12,
    description: '委員会の評価区分 (現行どおり / 見直し / 拡充 / 縮小 / 廃止 by default).',
  })
  results: ExternalReviewResultDto[];
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description: 'Days from a ruling to the due date of the city’s response (市の対応方針); default 30.',
  })
  responseDueDays: number;
  @ApiProperty({ description: 'Whether the published report names the members; default false.' })
  publishMemberNames: boolean;
}

/** 費用: the 人件費単価 the フルコスト of items is computed with (#26). */
export class CostSettingsDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 100000000,
    example: 8000000,
    description:
      '人件費単価: yen per 人工 (person-year); 人件費 = 人工 × this, フルコスト = 事業費 + 人件費. Default 8,000,000. A stored cost keeps the unit cost it was computed with.',
  })
  staffUnitCost: number;
}

/** A city's settings in force (libs/domain city-settings.ts), as the API shows them: every key. */
export class CitySettingsDto implements CitySettings {
  @ApiProperty({
    type: [PlanLevelDto],
    minItems: 2,
    maxItems: 4,
    description: 'From the top; the last is the reform item.',
  })
  levels: PlanLevelDto[];
  @ApiProperty({
    type: [DecisionSettingDto],
    minItems: 1,
    maxItems: 12,
    description: '今後の方向性.',
  })
  decisions: DecisionSettingDto[];
  @ApiProperty({
    type: RatingScalesDto,
  })
  ratings: RatingScalesDto;
  @ApiProperty({
    enum: REVIEW_CADENCES,
  })
  reviewCadence: CityReviewCadence;
  @ApiProperty({
    enum: ACHIEVEMENT_FORMULA_SETTINGS,
    description:
      '目標達成率: ratio = 実績 ÷ 目標 (目標 ÷ 実績 when lower is better); progress = from the baseline.',
  })
  achievementFormula: AchievementFormulaSetting;
  @ApiProperty({
    type: PolicyEvaluationSettingsDto,
    description: '施策評価 (optional in PUT: absent keeps it off). See docs/policy-evaluation.md.',
  })
  policyEvaluation: PolicyEvaluationSettingsDto;
  @ApiProperty({
    type: ExternalReviewSettingsDto,
    description: '外部評価 (optional in PUT: absent keeps the defaults). See docs/external-review.md.',
  })
  externalReview: ExternalReviewSettingsDto;
  @ApiProperty({
    type: CostSettingsDto,
    description: '費用 (optional in PUT: absent keeps the default 人件費単価). See docs/city-settings.md.',
  })
  costs: CostSettingsDto;
}

/**
 * Settings as PUT takes them. Every key is optional in the schema because a plan's overrides may be
 * partial; a city's own settings (PUT without planId) must have them all, which the server checks.
 */
export class CitySettingsInputDto extends PartialType(CitySettingsDto) {}

export class SettingsQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A plan: its settings (the city’s, with its overrides).',
  })
  @IsOptional()
  @IsUUID('all')
  planId?: string;
}

export class PutSettingsDto {
  @ApiProperty({
    type: CitySettingsInputDto,
    description:
      'Without planId: the city’s complete settings. With planId: that plan’s overrides, any of the keys ({} clears them).',
  })
  @IsObject()
  settings: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH, description: 'Why, for the ledger.' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX_LENGTH)
  reason?: string;
}

export class SettingsDto {
  @ApiProperty({
    type: CitySettingsDto,
    description: 'The settings in force (defaults where nothing is set).',
  })
  settings: CitySettingsDto;
  @ApiProperty({ enum: ['city', 'plan'] }) scope: 'city' | 'plan';
  @ApiProperty({ type: [String], description: 'The keys the city has set itself (the others are defaults).' })
  cityKeys: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'With planId: the keys the plan overrides.',
  })
  planKeys?: string[];
}

export class SettingsUpdateResultDto extends SettingsDto {
  @ApiProperty({ description: 'False when the settings were already these (nothing written).' })
  changed: boolean;
  @ApiProperty({
    type: LocalizedTextDto,
    description:
      'When the change applies: to cycles that start from now on; running fiscal years keep theirs.',
  })
  appliesFrom: LocalizedTextDto;
}

export class CityPresetDto {
  @ApiProperty({ example: 'hiratsuka' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) city: LocalizedTextDto;
  @ApiProperty({ type: CitySettingsDto }) settings: CitySettingsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Per setting: which seed it comes from, or that it is an assumption to check.',
  })
  notes: Record<string, string>;
}

/** The decisions and scales one cycle's fiscal year runs on (the city's, as they were when it started). */
export class CycleYearSettingsDto {
  @ApiProperty({ type: [DecisionSettingDto] }) decisions: DecisionSettingDto[];
  @ApiProperty({ type: RatingScalesDto }) ratings: RatingScalesDto;
}
