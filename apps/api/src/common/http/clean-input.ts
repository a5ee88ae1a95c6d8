import { HttpStatus } from '@nestjs/common';
import { apiError, errorDetail } from '../errors/localized-error';

/**
 * How deep a request value may nest (objects and arrays). Our deepest DTO (a plan with targets per
 * indicator) needs 5; class-transformer recurses once per level and overflows the stack at a few
 * thousand, so the limit is checked here, before it sees the value.
 */
export const MAX_INPUT_DEPTH = 32;

// In a `u` regex a well-formed pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Surrogate}/u;

type TextRule = 'wellFormedText' | 'noNulCharacter' | 'maxDepth';

const TEXT_RULES: Record<TextRule, { en: (field: string) => string; ja: (field: string) => string }> = {
  wellFormedText: {
    en: (f) => `${f} contains a broken character (an unpaired UTF-16 surrogate); remove it.`,
    ja: (f) =>
      `${f}に文字として成り立たないコード（対になっていないサロゲート）が含まれています。削除してください。`,
  },
  noNulCharacter: {
    en: (f) => `${f} contains a NUL character (U+0000); remove it.`,
    ja: (f) => `${f}にNUL文字（U+0000）が含まれています。削除してください。`,
  },
  maxDepth: {
    en: (f) => `${f} is nested too deeply (more than ${MAX_INPUT_DEPTH} levels of objects or lists).`,
    ja: (f) => `${f}の入れ子が深すぎます（オブジェクトや配列は${MAX_INPUT_DEPTH}階層までです）。`,
  },
};

class InputProblem {
  constructor(
    readonly field: string,
    readonly rule: TextRule,
  ) {}
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

function cleanString(text: string, field: string): string {
  if (LONE_SURROGATE.test(text)) throw new InputProblem(field, 'wellFormedText');
  if (text.includes('\u0000')) throw new InputProblem(field, 'noNulCharacter');
  return text.normalize('NFC');
}

function cleanValue(value: unknown, field: string, depth: number): unknown {
  if (typeof value === 'string') return cleanString(value, field);
  if (typeof value !== 'object' || value === null) return value;
  // Only what JSON, query strings and route parameters produce is walked (no Buffers, Dates, files).
  const isArray = Array.isArray(value);
  if (
    !isArray &&
    Object.getPrototypeOf(value) !== Object.prototype &&
    Object.getPrototypeOf(value) !== null
  ) {
    return value;
  }
  if (depth >= MAX_INPUT_DEPTH) throw new InputProblem(field || 'body', 'maxDepth');
  if (isArray) return value.map((item, index) => cleanValue(item, childPath(field, index), depth + 1));
  const cleaned: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleanKey = cleanString(key, childPath(field, key));
    cleaned[cleanKey] = cleanValue(item, childPath(field, cleanKey), depth + 1);
  }
  return cleaned;
}

/**
 * The one text rule at the API boundary, applied to every body, query and path value before
 * validation: an unpaired surrogate or a NUL is refused with a 400 naming the field (PostgreSQL
 * cannot store either faithfully: jsonb rejects them, text columns silently replace them, so the
 * ledger hash would cover something other than what is stored); everything else is NFC-normalised
 * so that the same words always hash the same. Too deep a nesting is refused here too.
 * `root` names the value when it is a single parameter (`id`, `limit`).
 */
export function cleanInput(value: unknown, root = ''): unknown {
  try {
    return cleanValue(value, root, 0);
  } catch (err) {
    if (!(err instanceof InputProblem)) throw err;
    const text = TEXT_RULES[err.rule];
    const message = { ja: text.ja(err.field), en: text.en(err.field) };
    throw apiError(HttpStatus.BAD_REQUEST, message, {
      code: err.rule === 'maxDepth' ? 'TOO_DEEP' : 'VALIDATION_FAILED',
      details: [errorDetail(err.field, err.rule, message)],
    });
  }
}
