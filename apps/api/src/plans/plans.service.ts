import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import { type LocalizedText, resolveCitySettings } from '@pdca/domain';
import { PlanImportRepository, PlanRepository, TenantRepository } from '@pdca/persistence/repositories';
import { configurePlanParsing, type PlanImportTooLarge, PlanParseBusyError } from '@pdca/plan-import';
import { type ImportProblem, importPlanFile, type PlanImportRun } from '@pdca/plan-import/store';
import { apiError, type ErrorDetail, errorDetail, notFound } from '../common/errors/localized-error';
import { createValidationPipe } from '../common/errors/validation';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { APP_CONFIG } from '../infrastructure/tokens';
import {
  mapImportReport,
  PlanImportOptionsDto as PlanImportOptionsClass,
  type PlanImportOptionsDto,
  type PlanImportReportDto,
} from './plan-import.dto';
import type { PlanUpload } from './plan-upload.interceptor';
import {
  mapPlanSummary,
  mapPlanTree,
  type PlanListQueryDto,
  type PlanPageDto,
  type PlanTreeDto,
} from './plans.dto';

export const PLAN = { en: 'the plan', ja: '計画' };

function detailOf(problem: ImportProblem): ErrorDetail {
  return errorDetail(problem.column ?? 'file', problem.rule, problem.message, {
    row: problem.row,
    column: problem.column,
    severity: problem.severity,
    ...(problem.value !== undefined ? { value: problem.value } : {}),
  });
}

/** A refused file: 400 with every problem (row, column, rule, both languages), or 413. */
export function planFileRefused(run: Extract<PlanImportRun, { ok: false }>): HttpException {
  const details = run.problems.map(detailOf);
  if (run.status === 413) {
    const first = run.problems.find((p) => p.severity === 'error') ?? run.problems[0];
    return apiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      { ja: `${first.message.ja}取込は行っていません。`, en: `${first.message.en} Nothing was imported.` },
      { code: TOO_LARGE_CODES[run.tooLarge?.limit ?? 'bytes'], details },
    );
  }
  const errors = run.problems.filter((p) => p.severity === 'error');
  const rows = [...new Set(errors.map((p) => p.row).filter((r): r is number => r !== null))];
  const where =
    rows.length > 0
      ? ` (${rows.length === 1 ? 'row' : 'rows'} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''})`
      : '';
  const whereJa =
    rows.length > 0 ? `（${rows.slice(0, 10).join('・')}${rows.length > 10 ? '…' : ''}行目）` : '';
  return apiError(
    HttpStatus.BAD_REQUEST,
    {
      ja: `計画ファイルに${errors.length}件の問題があります${whereJa}。取込は行っていません。`,
      en: `The plan file has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}${where}; nothing was imported.`,
    },
    { code: 'INVALID_PLAN_FILE', details },
  );
}

function mappingError(text: LocalizedText): HttpException {
  return apiError(
    HttpStatus.BAD_REQUEST,
    {
      ja: `入力内容に誤りがあります（mapping）。${text.ja}`,
      en: `The request has an invalid field: mapping. ${text.en}`,
    },
    {
      code: 'VALIDATION_FAILED',
      details: [errorDetail('mapping', 'isJsonObject', text)],
    },
  );
}

/** `{"header": "field"}` from the `mapping` option. */
function parseMapping(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw mappingError({
      ja: 'mappingは {"改革項目":"code"} のようなJSONオブジェクトで指定してください。',
      en: 'mapping must be a JSON object such as {"改革項目":"code"}.',
    });
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw mappingError({
      ja: 'mappingは値が項目名のJSONオブジェクト（例: {"改革項目":"code"}）で指定してください。',
      en: 'mapping must be a JSON object whose values are field names, e.g. {"改革項目":"code"}.',
    });
  }
  return value as Record<string, string>;
}

const TOO_LARGE_CODES: Record<PlanImportTooLarge['limit'], string> = {
  bytes: 'FILE_TOO_LARGE',
  rows: 'TOO_MANY_ROWS',
  inflatedBytes: 'FILE_TOO_LARGE',
  cells: 'TOO_MANY_CELLS',
  columns: 'TOO_MANY_COLUMNS',
  parseTime: 'PARSE_TIME_LIMIT',
  parseMemory: 'PARSE_MEMORY_LIMIT',
};

/** Every plan-file reader is busy and the queue is full: nothing was read or written. */
function importsBusy({ limits }: PlanParseBusyError): HttpException {
  return apiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    {
      ja: `計画ファイルの読み取りが混み合っています（同時に${limits.workers}件、待機は${limits.queue}件まで）。取込は行っていません。しばらくしてから再度お試しください。`,
      en: `All plan file readers are busy (IMPORT_PARSE_WORKERS=${limits.workers}) and the queue is full (IMPORT_PARSE_QUEUE=${limits.queue}); nothing was imported. Try again shortly.`,
    },
    { code: 'IMPORTS_BUSY', retryAfterSeconds: 5 },
  );
}

@Injectable()
export class PlansService {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly plans: PlanRepository,
    private readonly imports: PlanImportRepository,
    private readonly tenants: TenantRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // importPlanFile reads each upload in a worker thread, off the event loop, within these limits.
    configurePlanParsing(config.importParse);
  }

  /** Validation first, writing second: see importPlanFile. */
  async import(
    user: AuthUser,
    upload: PlanUpload,
    query: PlanImportOptionsDto,
  ): Promise<{ created: boolean; report: PlanImportReportDto }> {
    const options = await this.options(query, upload.fields);
    const mapping = parseMapping(options.mapping);
    const tenant = await this.tenants.findById(user.tenantId);
    if (!tenant) throw notFound({ en: 'your tenant', ja: 'テナント' });
    const format = options.format ?? (options.fileName || upload.fileName ? undefined : upload.formatHint);
    const run = await importPlanFile(this.imports, {
      tenant: { id: tenant.id, name: tenant.name, settings: tenant.settings },
      file: upload.bytes,
      fileName: options.fileName ?? upload.fileName,
      dryRun: options.dryRun ?? false,
      options: {
        ...(format ? { format } : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(mapping ? { mapping } : {}),
        ...(options.planTitle ? { planTitle: options.planTitle } : {}),
        ...(options.periodStartFy !== undefined ? { periodStartFy: options.periodStartFy } : {}),
        ...(options.periodEndFy !== undefined ? { periodEndFy: options.periodEndFy } : {}),
      },
      limits: { maxBytes: this.config.importMaxBytes, maxRows: this.config.importMaxRows },
    }).catch((error: unknown) => {
      throw error instanceof PlanParseBusyError ? importsBusy(error) : error;
    });
    if (!run.ok) throw planFileRefused(run);
    return { created: run.report.planCreated && !run.report.dryRun, report: mapImportReport(run.report) };
  }

  async list(user: AuthUser, query: PlanListQueryDto): Promise<PlanPageDto> {
    return loadPage(query, (window) => this.plans.list(user.tenantId, window), mapPlanSummary);
  }

  async get(user: AuthUser, planId: string): Promise<PlanTreeDto> {
    const plan = await this.plans.findPlan(user.tenantId, planId);
    if (!plan) throw notFound(PLAN);
    const [tenant, nodes, items, indicators] = await Promise.all([
      this.tenants.findById(user.tenantId),
      this.plans.nodesOf(user.tenantId, planId),
      this.plans.itemsOf(user.tenantId, planId),
      this.plans.ownIndicatorsOf(user.tenantId, planId),
    ]);
    const { levels } = resolveCitySettings(tenant?.settings, plan.settings);
    return mapPlanTree(plan, { nodes, items, indicators, levels });
  }

  /** Query options, overridden by the form fields of a multipart upload (validated the same way). */
  private async options(
    query: PlanImportOptionsDto,
    fields: Record<string, unknown>,
  ): Promise<PlanImportOptionsDto> {
    if (Object.keys(fields).length === 0) return query;
    const fromForm = (await this.validation.transform(fields, {
      type: 'body',
      metatype: PlanImportOptionsClass,
    })) as PlanImportOptionsDto;
    const defined = Object.fromEntries(Object.entries(fromForm).filter(([, v]) => v !== undefined));
    return { ...query, ...defined };
  }
}
