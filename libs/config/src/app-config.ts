/**
 * Configuration is parsed once from the environment into a validated, typed object. A bad value
 * stops start-up with a message that names the variable and says what it expects.
 */

import { DEFAULT_TASK_QUEUE } from '@pdca/contracts/temporal-names';
import { DEFAULT_PARSE_LIMITS, type PlanParseLimits } from '@pdca/plan-import/parse-off-thread';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 設定エラー:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface AppConfig {
  nodeEnv: string;
  /** Demo mode: demo users and data may exist and a weak JWT secret is tolerated. */
  demoMode: boolean;
  port: number;
  /** PostgreSQL connection string; undefined only where the caller starts an embedded server. */
  databaseUrl: string | undefined;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  /** Business time compression: 86400 = one day per real second (demos, tests). */
  timeScale: number;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  demoPassword: string;
  importMaxBytes: number;
  importMaxRows: number;
  /** Reading an uploaded plan file in worker threads (IMPORT_PARSE_*; libs/plan-import parse-off-thread). */
  importParse: PlanParseLimits;
  /** Longest a client may take to send one whole request (headers and body), ms; then 408. */
  httpRequestTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Outgoing mail server (`smtp://user:pass@host:port`, `smtps://…`); unset: no email is sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * The public address of the web app and API (e.g. https://pdca.city.example), without a trailing
   * slash: links in notifications and the OpenID Connect redirect URI
   * `<PUBLIC_URL>/api/v1/auth/oidc/callback`. Unset: notifications link to http://localhost:PORT and
   * the redirect URI is taken from the request's Host header.
   */
  publicUrl: string | undefined;
  /** Let webhooks reach loopback and private addresses (demo mode and tests). */
  webhookAllowPrivate: boolean;
  /** The worker process runs the outbox relay (`npm run start:relay` runs it alone). */
  relayInWorker: boolean;
}

type Env = Record<string, string | undefined>;

const WEAK_SECRET_MIN_LENGTH = 32;
export const DEMO_JWT_SECRET = 'pdca-demo-secret-not-for-production-use-0123456789';

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.string('NODE_ENV', 'development');
  const demoMode = read.boolean('PDCA_DEMO', false);
  const config: AppConfig = {
    nodeEnv,
    demoMode,
    port: read.int('PORT', 3000, 1, 65535),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    temporalAddress: read.hostPort('TEMPORAL_ADDRESS', 'localhost:7233'),
    temporalNamespace: read.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: read.string('TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE),
    timeScale: read.number('PDCA_TIME_SCALE', 1, 1, 10_000_000),
    jwtSecret: read.string('JWT_SECRET', demoMode ? DEMO_JWT_SECRET : ''),
    jwtExpiresInSeconds: read.int('JWT_EXPIRES_IN_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    demoPassword: read.string('DEMO_PASSWORD', 'pdca-demo'),
    importMaxBytes: read.int('IMPORT_MAX_BYTES', 10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    importMaxRows: read.int('IMPORT_MAX_ROWS', 5000, 1, 1_000_000),
    importParse: {
      workers: read.int('IMPORT_PARSE_WORKERS', DEFAULT_PARSE_LIMITS.workers, 1, 64),
      queue: read.int('IMPORT_PARSE_QUEUE', DEFAULT_PARSE_LIMITS.queue, 0, 1000),
      timeLimitMs: read.int('IMPORT_PARSE_TIMEOUT_MS', DEFAULT_PARSE_LIMITS.timeLimitMs, 100, 3_600_000),
      heapMb: read.int('IMPORT_PARSE_HEAP_MB', DEFAULT_PARSE_LIMITS.heapMb, 16, 65_536),
    },
    httpRequestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    smtpUrl: read.url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: read.string('MAIL_FROM', '行財政改革PDCA <no-reply@pdca.invalid>'),
    publicUrl: read.url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    webhookAllowPrivate: read.boolean('WEBHOOK_ALLOW_PRIVATE', demoMode),
    relayInWorker: read.boolean('RELAY_IN_WORKER', true),
  };
  if (!demoMode && config.jwtSecret.length < WEAK_SECRET_MIN_LENGTH) {
    problems.push(
      `JWT_SECRET must be set to a random string of at least ${WEAK_SECRET_MIN_LENGTH} characters outside demo mode (PDCA_DEMO=true)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Reads one variable at a time, collecting every problem so the user sees them all at once. */
class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.number(name, fallback, min, max);
    if (!Number.isInteger(value)) {
      this.problems.push(`${name} must be a whole number, got "${this.raw(name)}"`);
      return fallback;
    }
    return value;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(
        `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      );
      return undefined;
    }
  }

  hostPort(name: string, fallback: string): string {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(raw)) {
      this.problems.push(`${name} must be host:port (for example localhost:7233), got "${raw}"`);
      return fallback;
    }
    return raw;
  }
}

/** Config for processes that need a database: fails clearly when DATABASE_URL is missing. */
export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.databaseUrl) {
    throw new ConfigError(['DATABASE_URL is required (postgres://user:password@host:5432/database)']);
  }
  return config.databaseUrl;
}

/** Where links in notifications point: PUBLIC_URL, or this machine's API port when it is unset. */
export function publicLinkBase(config: Pick<AppConfig, 'publicUrl' | 'port'>): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
