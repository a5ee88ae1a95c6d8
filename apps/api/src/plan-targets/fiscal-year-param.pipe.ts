import { type ArgumentMetadata, HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { apiError, errorDetail } from '../common/errors/localized-error';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';

/** A fiscal year in the path (`/actuals/2025`): a whole number within the years the API takes, else a 400 naming it. */
@Injectable()
export class FiscalYearParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const fy = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (fy >= MIN_FISCAL_YEAR && fy <= MAX_FISCAL_YEAR) return fy;
    const field = metadata.data ?? 'fiscalYear';
    const message = {
      ja: `${field}は${MIN_FISCAL_YEAR}～${MAX_FISCAL_YEAR}の年度（西暦4桁）で指定してください。`,
      en: `${field} must be a fiscal year from ${MIN_FISCAL_YEAR} to ${MAX_FISCAL_YEAR}.`,
    };
    throw apiError(HttpStatus.BAD_REQUEST, message, {
      code: 'VALIDATION_FAILED',
      details: [errorDetail(field, 'fiscal_year', message)],
    });
  }
}
