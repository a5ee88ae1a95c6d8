import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'fiscalYear', description: 'Path of the field, e.g. `targets[0].target`.' })
  field: string;
  @ApiProperty({ example: 'isInt', description: 'Stable id of the rule that failed.' })
  rule: string;
  @ApiProperty({ example: 'fiscalYear must be a whole number.' })
  message: string;
  @ApiProperty({ example: 'fiscalYear must be a whole number.' })
  messageEn: string;
  @ApiProperty({ example: 'fiscalYearは整数で入力してください。' })
  messageJa: string;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Uploaded files: the row as the user sees it in the file (null = the whole file).',
    example: 12,
  })
  row?: number | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Uploaded files: the column header as written in the file (null = a whole row or file).',
    example: '目標値(2027年度)',
  })
  column?: string | null;
  @ApiPropertyOptional({ enum: ['error', 'warning'] })
  severity?: 'error' | 'warning';
  @ApiPropertyOptional({ description: 'Uploaded files: the offending cell value, cut to 100 characters.' })
  value?: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;
  @ApiProperty({ example: 'Bad Request' })
  error: string;
  @ApiProperty({
    description: 'A sentence for people: Japanese when Accept-Language prefers ja, English otherwise.',
    example: 'The request has an invalid field: fiscalYear.',
  })
  message: string;
  @ApiProperty({ example: 'The request has an invalid field: fiscalYear.' })
  messageEn: string;
  @ApiProperty({ example: '入力内容に誤りがあります（fiscalYear）。' })
  messageJa: string;
  @ApiPropertyOptional({
    description:
      'Machine-readable reason, e.g. VALIDATION_FAILED, NOT_FOUND, OWN_SUBMISSION, WRONG_STAGE, NOT_YET_OPEN.',
    example: 'VALIDATION_FAILED',
  })
  code?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'NOT_YET_OPEN: when the task opens for submission (the sentence names the date, JST).',
  })
  openAt?: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];
  @ApiProperty({ description: 'Also sent as the X-Request-Id header; quote it when reporting a problem.' })
  correlationId: string;
}
