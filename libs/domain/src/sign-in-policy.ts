import type { LocalizedText } from './localized-text';
import { ROLES, type Role } from './stages';
import type { ValidationProblem } from './validation-problem';

/** A tenant's sign-in rules, kept in tenants.settings.signIn (every key optional). */
export interface SignInPolicy {
  /** Email + password sign-in; switch off once the tenant signs in through its directory. */
  readonly passwordSignIn: boolean;
  /** Minimum length of a password set in this tenant (characters). */
  readonly minPasswordLength: number;
}

export type SignInPolicyOverrides = Partial<SignInPolicy>;

/** 12 characters: the length the API has required since the first user endpoint. */
export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = { passwordSignIn: true, minPasswordLength: 12 };
/** bcrypt reads 72 bytes; a longer minimum could not be checked. Below 8 is no password at all. */
export const MIN_PASSWORD_LENGTH_RANGE = { min: 8, max: 64 } as const;

export function validateSignInPolicy(overrides: unknown): ValidationProblem[] {
  if (overrides === undefined) return [];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return [problem('signIn', 'object', { ja: 'オブジェクトで指定してください', en: 'must be an object' })];
  }
  const o = overrides as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  if (o.passwordSignIn !== undefined && typeof o.passwordSignIn !== 'boolean') {
    problems.push(
      problem('signIn.passwordSignIn', 'boolean', {
        ja: 'true または false で指定してください',
        en: 'must be true or false',
      }),
    );
  }
  const { min, max } = MIN_PASSWORD_LENGTH_RANGE;
  const length = o.minPasswordLength;
  if (
    length !== undefined &&
    !(Number.isInteger(length) && (length as number) >= min && (length as number) <= max)
  ) {
    problems.push(
      problem('signIn.minPasswordLength', 'range', {
        ja: `${min}から${max}までの整数で指定してください`,
        en: `must be a whole number from ${min} to ${max}`,
      }),
    );
  }
  return problems;
}

/** The tenant's policy with defaults for what it leaves out; invalid values fall back to the default. */
export function resolveSignInPolicy(overrides: unknown): SignInPolicy {
  if (validateSignInPolicy(overrides).length > 0 || overrides === undefined) return DEFAULT_SIGN_IN_POLICY;
  return { ...DEFAULT_SIGN_IN_POLICY, ...(overrides as SignInPolicyOverrides) };
}

/**
 * An external reviewer (外部評価委員, #25) is someone from outside the city hall: the role is held
 * alone, never beside a staff role (the guard treats a holder as a reviewer whatever else they hold).
 */
export function externalReviewerWithOthers(roles: readonly string[]): boolean {
  return roles.includes('external_reviewer') && new Set(roles).size > 1;
}

/** How a list of roles breaking that rule is refused (completes "<field> …"). */
export const EXTERNAL_REVIEWER_ALONE: LocalizedText = {
  ja: 'external_reviewer（外部評価委員）は他のロールと同時に付与できません',
  en: 'may not combine external_reviewer (external reviewer) with another role',
};

/** Claim value (e.g. a group name or id) → the roles it grants. */
export type RoleMapping = Readonly<Record<string, readonly string[]>>;

export function validateRoleMapping(mapping: unknown): ValidationProblem[] {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    return [
      problem('roleMapping', 'object', {
        ja: '「クレーム値 → ロール」のオブジェクトで指定してください',
        en: 'must be an object of claim value → roles',
      }),
    ];
  }
  const problems: ValidationProblem[] = [];
  for (const [value, roles] of Object.entries(mapping)) {
    if (value.length === 0 || value.length > 256) {
      problems.push(
        problem('roleMapping', 'keyLength', {
          ja: 'クレーム値は1〜256文字で指定してください',
          en: 'claim values must be 1–256 characters',
        }),
      );
    }
    if (
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every((r) => (ROLES as readonly string[]).includes(r))
    ) {
      problems.push(
        problem(`roleMapping.${value}`, 'roles', {
          ja: `ロール（${ROLES.join('、')}）の配列で指定してください`,
          en: `must list roles out of ${ROLES.join(', ')}`,
        }),
      );
    } else if (externalReviewerWithOthers(roles)) {
      problems.push(problem(`roleMapping.${value}`, 'roles', EXTERNAL_REVIEWER_ALONE));
    }
  }
  return problems;
}

/**
 * The roles a directory grants: every role mapped from a value the claim holds. The claim may be
 * a string or an array of strings (Entra ID and Keycloak send arrays); anything else grants none.
 */
export function mapClaimToRoles(claim: unknown, mapping: RoleMapping): Role[] {
  const values = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const granted = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || !Object.hasOwn(mapping, value)) continue;
    for (const role of mapping[value]) granted.add(role);
  }
  return ROLES.filter((role) => granted.has(role));
}

/** Every role the mapping can grant: the roles that follow the directory at each sign-in. */
export function managedRoles(mapping: RoleMapping): Role[] {
  const all = new Set(Object.values(mapping).flat());
  return ROLES.filter((role) => all.has(role));
}

/** `text` completes a sentence that starts with the field's name. */
function problem(field: string, rule: string, text: LocalizedText): ValidationProblem {
  return { field, rule, message: { ja: `${field}は${text.ja}。`, en: `${field} ${text.en}.` } };
}
