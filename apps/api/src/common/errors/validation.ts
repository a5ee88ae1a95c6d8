import {
  ArgumentMetadata,
  BadRequestException,
  HttpStatus,
  Injectable,
  PipeTransform,
  ValidationPipe,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { cleanInput } from '../http/clean-input';
import { apiError, type ErrorDetail, errorDetail, localized } from './localized-error';

interface RuleText {
  en: (field: string, arg: string) => string;
  ja: (field: string, arg: string) => string;
}

// English and Japanese sentences for the class-validator rules our DTOs use. `arg` is the limit or
// list of allowed values, taken from class-validator's own message.
const RULES: Record<string, RuleText> = {
  whitelistValidation: {
    en: (f) => `${f} is not a known field; remove it.`,
    ja: (f) => `${f}は受け付けられない項目です。削除してください。`,
  },
  isDefined: { en: (f) => `${f} is required.`, ja: (f) => `${f}を入力してください。` },
  isNotEmpty: { en: (f) => `${f} is required.`, ja: (f) => `${f}を入力してください。` },
  isString: { en: (f) => `${f} must be text.`, ja: (f) => `${f}は文字列で入力してください。` },
  isInt: { en: (f) => `${f} must be a whole number.`, ja: (f) => `${f}は整数で入力してください。` },
  isNumber: { en: (f) => `${f} must be a number.`, ja: (f) => `${f}は数値で入力してください。` },
  isBoolean: {
    en: (f) => `${f} must be true or false.`,
    ja: (f) => `${f}はtrueまたはfalseで指定してください。`,
  },
  isEmail: {
    en: (f) => `${f} must be an email address.`,
    ja: (f) => `${f}はメールアドレスの形式で入力してください。`,
  },
  isUuid: { en: (f) => `${f} must be a UUID.`, ja: (f) => `${f}はUUID形式で指定してください。` },
  isIso8601: {
    en: (f) => `${f} must be an ISO 8601 date-time such as 2025-06-30T17:00:00+09:00.`,
    ja: (f) => `${f}はISO 8601形式の日時（例: 2025-06-30T17:00:00+09:00）で指定してください。`,
  },
  isIn: {
    en: (f, a) => `${f} must be one of: ${a}.`,
    ja: (f, a) => `${f}は次のいずれかを指定してください: ${a}`,
  },
  isEnum: {
    en: (f, a) => `${f} must be one of: ${a}.`,
    ja: (f, a) => `${f}は次のいずれかを指定してください: ${a}`,
  },
  min: { en: (f, a) => `${f} must be at least ${a}.`, ja: (f, a) => `${f}は${a}以上で指定してください。` },
  max: { en: (f, a) => `${f} must be at most ${a}.`, ja: (f, a) => `${f}は${a}以下で指定してください。` },
  minLength: {
    en: (f, a) => `${f} must be at least ${a} characters long.`,
    ja: (f, a) => `${f}は${a}文字以上で入力してください。`,
  },
  maxLength: {
    en: (f, a) => `${f} must be at most ${a} characters long.`,
    ja: (f, a) => `${f}は${a}文字以内で入力してください。`,
  },
  isArray: { en: (f) => `${f} must be a list.`, ja: (f) => `${f}は一覧（配列）で指定してください。` },
  arrayMinSize: {
    en: (f, a) => `${f} needs at least ${a} ${a === '1' ? 'entry' : 'entries'}.`,
    ja: (f, a) => `${f}は${a}件以上指定してください。`,
  },
  arrayMaxSize: {
    en: (f, a) => `${f} may hold at most ${a} entries.`,
    ja: (f, a) => `${f}は${a}件以内としてください。`,
  },
  isObject: { en: (f) => `${f} must be an object.`, ja: (f) => `${f}はオブジェクトで指定してください。` },
  nestedValidation: {
    en: (f) => `${f} must be an object.`,
    ja: (f) => `${f}はオブジェクトで指定してください。`,
  },
};

function ruleArgument(rule: string, message: string): string {
  if (rule === 'isIn' || rule === 'isEnum') return message.split(': ').slice(1).join(': ');
  const number = /(-?\d+(?:\.\d+)?)(?!.*\d)/.exec(message);
  return number ? number[1] : '';
}

// When a field breaks several rules, the most basic one is reported: a missing field is
// "required", a string where a number belongs is "must be a number" (not also "at most 2100").
const TYPE_RULES = [
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isIn',
  'isEnum',
  'isEmail',
  'isUuid',
  'isIso8601',
];

function pickRule(constraints: Record<string, string>, value: unknown): [string, string] {
  const entries = Object.entries(constraints);
  if (constraints.whitelistValidation) return ['whitelistValidation', constraints.whitelistValidation];
  if (value === undefined || value === null) return ['isDefined', constraints.isDefined ?? ''];
  if (constraints.isNotEmpty) return ['isNotEmpty', constraints.isNotEmpty];
  return entries.find(([rule]) => TYPE_RULES.includes(rule)) ?? entries[0];
}

/**
 * Flattens class-validator's tree into one entry per field (its most basic broken rule), with
 * paths like `targets[0].target`.
 */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      const [rule, message] = pickRule(error.constraints, error.value);
      const text = RULES[rule];
      const arg = ruleArgument(rule, message);
      details.push(
        errorDetail(field, rule, {
          ja: text ? text.ja(field, arg) : `${field}の値が正しくありません。`,
          en: text ? text.en(field, arg) : message,
        }),
      );
    }
    if (error.children?.length) details.push(...validationDetails(error.children, field));
  }
  return details;
}

export function validationException(details: ErrorDetail[]): BadRequestException {
  const fields = [...new Set(details.map((d) => d.field))];
  return new BadRequestException(
    localized(
      {
        ja: `入力内容に誤りがあります（${fields.join('、')}）。`,
        en: `The request has ${fields.length === 1 ? 'an invalid field' : `${fields.length} invalid fields`}: ${fields.join(', ')}.`,
      },
      { code: 'VALIDATION_FAILED', details },
    ),
  );
}

/**
 * The global pipe: every body, query and path value is first made clean text (cleanInput: no
 * unpaired surrogates or NUL, NFC, bounded nesting), then validated against its DTO.
 */
class CleanInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    return super.transform(cleanInput(value, metadata.data ?? ''), metadata);
  }
}

/** The one global pipe: unknown fields are rejected, types transformed, every problem listed. */
export function createValidationPipe(): ValidationPipe {
  return new CleanInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // `value` is kept for validationDetails (to tell "missing" from "wrong"); it is never echoed.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationException(validationDetails(errors)),
  });
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Path ids must look like UUIDs (any version: cycle ids are version-8 UUIDs derived from the
 * workflow id), so a malformed id is a 400 naming the parameter instead of a database error.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID_PATTERN.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw apiError(
      HttpStatus.BAD_REQUEST,
      { ja: `${field}はUUID形式で指定してください。`, en: `${field} must be a UUID.` },
      {
        code: 'VALIDATION_FAILED',
        details: [
          errorDetail(field, 'isUuid', { ja: RULES.isUuid.ja(field, ''), en: RULES.isUuid.en(field, '') }),
        ],
      },
    );
  }
}
