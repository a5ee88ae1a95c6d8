/** The arguments of the `pdca tenant` subcommands, parsed and checked before anything runs. */
import { CITY_PRESETS } from '@pdca/domain';
import { type Options, parseOptions, UsageError } from './cli-args';

function text(options: Options, name: string, required: true): string;
function text(options: Options, name: string, required?: false): string | undefined;
function text(options: Options, name: string, required = false): string | undefined {
  const value = options[name];
  if (value === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  if (value === true || value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value.trim();
}

// Letters, digits and inner hyphens: the code is also the default admin address's domain label.
const TENANT_CODE = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

export interface TenantCreateArgs {
  code: string;
  name: string;
  adminEmail: string;
  adminName: string;
  minPasswordLength: number | undefined;
  /** A settings preset of libs/domain city-presets.ts (the city's levels, decisions, scales). */
  preset: string;
  json: boolean;
}

export function parseCreateArgs(args: readonly string[]): TenantCreateArgs {
  const { options, words } = parseOptions(
    args,
    ['json'],
    ['code', 'name', 'admin-email', 'admin-name', 'min-password-length', 'preset'],
  );
  if (words.length > 0) throw new UsageError(`unexpected argument "${words[0]}"`);
  const code = text(options, 'code', true);
  if (!TENANT_CODE.test(code)) {
    throw new UsageError(
      `--code must be 2–63 lowercase letters, digits or inner "-" (e.g. machida), got "${code}"`,
    );
  }
  const name = text(options, 'name', true);
  if ([...name].length > 100) throw new UsageError('--name must be at most 100 characters');
  const adminEmail = text(options, 'admin-email') ?? `admin@${code}.invalid`;
  const lengthText = text(options, 'min-password-length');
  const minPasswordLength = lengthText === undefined ? undefined : Number(lengthText);
  if (
    minPasswordLength !== undefined &&
    !(Number.isInteger(minPasswordLength) && minPasswordLength >= 8 && minPasswordLength <= 64)
  ) {
    throw new UsageError(`--min-password-length must be a whole number from 8 to 64, got "${lengthText}"`);
  }
  const preset = text(options, 'preset') ?? 'standard';
  if (!CITY_PRESETS.some((p) => p.key === preset)) {
    throw new UsageError(
      `--preset must be one of ${CITY_PRESETS.map((p) => p.key).join(', ')}, got "${preset}"`,
    );
  }
  return {
    code,
    name,
    adminEmail,
    preset,
    adminName: text(options, 'admin-name') ?? `${name} 管理者`,
    minPasswordLength,
    json: options.json === true,
  };
}

export interface TenantOidcArgs {
  code: string;
  remove: boolean;
  issuer?: string;
  clientId?: string;
  clientSecretEnv?: string;
  directoryName?: { ja: string; en: string };
  rolesClaim: string;
  roleMapping: Record<string, string[]>;
  scopes: string;
  skipCheck: boolean;
}

/** 'pdca-hq=hq_approver;pdca-admin=admin,hq_admin' → { 'pdca-hq': ['hq_approver'], … }. */
export function parseRoleMap(textValue: string): Record<string, string[]> {
  const mapping: Record<string, string[]> = {};
  for (const entry of textValue
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--role-map entries look like value=role,role; got "${entry}"`);
    const roles = entry
      .slice(eq + 1)
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    mapping[entry.slice(0, eq).trim()] = [
      ...new Set([...(mapping[entry.slice(0, eq).trim()] ?? []), ...roles]),
    ];
  }
  return mapping;
}

export function parseOidcArgs(args: readonly string[]): TenantOidcArgs {
  const { options, words } = parseOptions(
    args,
    ['remove', 'skip-check'],
    [
      'code',
      'issuer',
      'client-id',
      'client-secret-env',
      'directory-name',
      'roles-claim',
      'role-map',
      'scopes',
    ],
  );
  if (words.length > 0) throw new UsageError(`unexpected argument "${words[0]}"`);
  const code = text(options, 'code', true);
  if (options.remove === true) {
    return { code, remove: true, rolesClaim: 'groups', roleMapping: {}, scopes: '', skipCheck: true };
  }
  const issuer = text(options, 'issuer', true);
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new UsageError(`--issuer must be a URL, got "${issuer}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError('--issuer must be an https:// URL (plain http only for localhost)');
  }
  const name = text(options, 'directory-name', true);
  const [ja, en] = name.split('|').map((s) => s.trim());
  if (!ja) throw new UsageError(`--directory-name looks like '町田市 職員アカウント|Machida staff account'`);
  const scopes = text(options, 'scopes') ?? 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new UsageError('--scopes must include openid');
  return {
    code,
    remove: false,
    issuer,
    clientId: text(options, 'client-id', true),
    clientSecretEnv: text(options, 'client-secret-env', true),
    directoryName: { ja, en: en || ja },
    rolesClaim: text(options, 'roles-claim') ?? 'groups',
    roleMapping: parseRoleMap(text(options, 'role-map') ?? ''),
    scopes,
    skipCheck: options['skip-check'] === true,
  };
}

export function parseListArgs(args: readonly string[]): { json: boolean } {
  const { options, words } = parseOptions(args, ['json'], []);
  if (words.length > 0) throw new UsageError(`unexpected argument "${words[0]}"`);
  return { json: options.json === true };
}

/** `--code CODE on|off`. */
export function parsePasswordSignInArgs(args: readonly string[]): { code: string; on: boolean } {
  const { options, words } = parseOptions(args, [], ['code']);
  const code = text(options, 'code', true);
  if (words.length !== 1 || !['on', 'off'].includes(words[0])) throw new UsageError('say on or off');
  return { code, on: words[0] === 'on' };
}
