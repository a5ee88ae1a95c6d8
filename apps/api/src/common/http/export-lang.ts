import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** The languages an export (CSV, xlsx) can be headed in: one header row, in one language. */
export const EXPORT_LANGS = ['ja', 'en'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

/**
 * `lang` on an export's query: the language of its headings (and sheet names, labels). A file
 * carries one header row, so Excel reads every following row as data; anything else is a 400
 * naming `lang`.
 */
export function ExportLangQuery(what = 'headings'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: EXPORT_LANGS,
      default: 'ja',
      description: `The language of the export's ${what}: \`ja\` (default) or \`en\`. One header row, in that language only.`,
    }),
    IsOptional(),
    IsIn(EXPORT_LANGS, { message: 'lang must be ja or en.' }),
  );
}
