import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { reportFiscalYear } from '@pdca/domain';
import { EDITION_REASON_MAX_LENGTH, EDITION_TITLE_MAX_LENGTH } from '@pdca/domain/validation';
import type { PlanEdition } from '@pdca/persistence/repositories';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { Trim } from '../common/http/trim';

export class PublishEditionDto {
  @ApiProperty({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    example: 2025,
    description: 'A fiscal year of the plan’s period.',
  })
  @IsFiscalYear()
  fiscalYear: number;

  @ApiProperty({ maxLength: EDITION_TITLE_MAX_LENGTH, example: '令和7年度 行財政改革 取組状況（公表版）' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(EDITION_TITLE_MAX_LENGTH)
  title: string;

  @ApiProperty({
    maxLength: EDITION_REASON_MAX_LENGTH,
    example: '市議会への報告とホームページ掲載のため',
    description: 'Recorded with the edition and in the ledger entry; a correction says what it corrects.',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(EDITION_REASON_MAX_LENGTH)
  reason: string;
}

export class EditionListQueryDto {
  @ApiPropertyOptional({ minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR, example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;
}

export class EditionFileDto {
  @ApiProperty({ example: 'progress-report.xlsx', description: 'ASCII and URL-safe.' })
  name: string;
  @ApiProperty({ example: 'text/csv; charset=utf-8' })
  contentType: string;
  @ApiProperty({ type: 'integer', description: 'Bytes.' })
  size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, lower-case hex (also the download’s ETag).' })
  sha256: string;
  @ApiProperty({ example: '/api/v1/plans/…/editions/…/files/progress-report.xlsx' })
  href: string;
}

class EditionRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ type: 'integer', example: 1 })
  editionNumber: number;
}

class EditionPublisherDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;
  @ApiProperty()
  displayName: string;
}

export class PlanEditionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty({ type: 'integer', example: 2025 })
  fiscalYear: number;
  @ApiProperty({ type: LocalizedTextDto, description: '令和7年度（2025年度） / FY2025 (Reiwa 7)' })
  fiscalYearLabel: LocalizedTextDto;
  @ApiProperty({ type: 'integer', example: 1, description: 'Per plan and fiscal year, from 1.' })
  editionNumber: number;
  @ApiProperty({ type: LocalizedTextDto, description: '第1版 / Edition 1' })
  editionLabel: LocalizedTextDto;
  @ApiProperty()
  title: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ type: EditionRefDto, nullable: true, description: 'The edition this one corrects.' })
  supersedes: EditionRefDto | null;
  @ApiProperty({ format: 'date-time' })
  publishedAt: string;
  @ApiProperty({ type: EditionPublisherDto, nullable: true })
  publishedBy: EditionPublisherDto | null;
  @ApiProperty({ type: [EditionFileDto] })
  files: EditionFileDto[];
}

export class PublishEditionResultDto extends PlanEditionDto {
  @ApiProperty({
    description:
      'false: the latest edition of the year already had this title and reason (a repeated request); it is answered unchanged.',
  })
  created: boolean;
}

export function editionLabel(editionNumber: number): LocalizedTextDto {
  return { ja: `第${editionNumber}版`, en: `Edition ${editionNumber}` };
}

export function mapEdition(edition: PlanEdition): PlanEditionDto {
  const base = `/api/v1/plans/${edition.planId}/editions/${edition.id}/files/`;
  return {
    id: edition.id,
    planId: edition.planId,
    fiscalYear: edition.fiscalYear,
    fiscalYearLabel: reportFiscalYear(edition.fiscalYear),
    editionNumber: edition.editionNumber,
    editionLabel: editionLabel(edition.editionNumber),
    title: edition.title,
    reason: edition.reason,
    supersedes: edition.supersedes ? { ...edition.supersedes } : null,
    publishedAt: edition.publishedAt.toISOString(),
    publishedBy: edition.publishedBy ? { ...edition.publishedBy } : null,
    files: edition.files.map((f) => ({ ...f, href: `${base}${f.name}` })),
  };
}
