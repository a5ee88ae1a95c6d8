import type { PlanImportReport, PlanImportRun, PlanPreviewNode } from '@pdca/plan-import/store';
import { parseOptions, UsageError } from './cli-args';
import type { CliDatabase } from './cli-database';
import type { CliCommand } from './command';

const FORMATS = ['csv', 'tsv', 'json', 'xlsx'] as const;
const ENCODINGS = ['auto', 'utf-8', 'shift_jis', 'cp932', 'utf-16le'] as const;

export const EXIT_OK = 0;
/** The file has problems (nothing was written), or the import failed. */
const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

const IMPORT_DETAILS = `Usage: pdca import FILE [--tenant CODE] [--dry-run] [--format csv|tsv|json|xlsx]
                   [--encoding auto|utf-8|shift_jis] [--plan-title TITLE] [--period 2024-2027]
                   [--mapping '{"header":"field"}'] [--json]

Imports a reform plan file (CSV, TSV, JSON or Excel .xlsx; UTF-8 with or without BOM, or Shift_JIS)
into the database, through the same code as POST /api/v1/plans/import: the whole file is validated
first and nothing is written if any row has a problem; then the plan, its goals/themes, working groups
and items (by code) are written in one transaction. Importing the same file again changes nothing.

Options:
  --tenant CODE     the tenant (city) to import into; it must exist. May be left out when there is
                    only one tenant.
  --dry-run         validate and compare only: print the report and the plan tree, write nothing
  --format F        csv, tsv, json or xlsx (default: from the file name, then the content)
  --encoding E      auto (default: UTF-8, then Shift_JIS), utf-8, shift_jis, cp932, utf-16le
  --plan-title T    the plan's title (default: the file's "# plan:" line); plans are matched by title
  --period A-B      the plan period in fiscal years, e.g. 2024-2027 (default: the file's "# period:")
  --mapping JSON    column mapping, e.g. '{"改革項目":"code","改革項目名称案":"title"}'
  --json            print the report as JSON instead of text

Database: DATABASE_URL, or else the embedded development PostgreSQL in .data/postgres (the one
\`npm start\` uses; while \`npm start\` runs, its server is used, otherwise it is started, migrated
and stopped again).
Limits: IMPORT_MAX_BYTES (default 10 MiB) and IMPORT_MAX_ROWS (default 5000 data rows).
Column headers (Japanese and English): docs/import.md and libs/plan-import/README.md.
Exit codes: 0 imported (or dry run done), 1 the file has problems / the tenant does not exist / the
import failed, 2 usage errors.`;

export interface ImportArgs {
  file: string;
  tenant?: string;
  dryRun: boolean;
  format?: (typeof FORMATS)[number];
  encoding?: (typeof ENCODINGS)[number];
  planTitle?: string;
  periodStartFy?: number;
  periodEndFy?: number;
  mapping?: Record<string, string>;
  json: boolean;
}

/** Reads `pdca import` arguments (`--opt value` or `--opt=value`); throws UsageError. */
export function parseImportArgs(args: readonly string[]): ImportArgs {
  const { options, words: files } = parseOptions(
    args,
    ['dry-run', 'json'],
    ['tenant', 'format', 'encoding', 'plan-title', 'period', 'mapping'],
  );
  const value = (name: string) => options[name] as string | undefined;
  const parsed: Omit<ImportArgs, 'file'> = {
    dryRun: options['dry-run'] === true,
    json: options.json === true,
  };
  const tenant = value('tenant');
  if (tenant !== undefined) parsed.tenant = tenant;
  const format = value('format');
  if (format !== undefined) parsed.format = oneOf('--format', format, FORMATS);
  const encoding = value('encoding');
  if (encoding !== undefined) parsed.encoding = oneOf('--encoding', encoding, ENCODINGS);
  const title = value('plan-title')?.trim();
  if (title !== undefined) {
    if (!title) throw new UsageError('--plan-title must not be empty');
    parsed.planTitle = title;
  }
  const period = value('period');
  if (period !== undefined) {
    const match = /^(\d{4})\s*[-–~～]\s*(\d{4})$/.exec(period.trim());
    if (!match || Number(match[1]) > Number(match[2]))
      throw new UsageError(`--period must look like 2024-2027, got "${period}"`);
    parsed.periodStartFy = Number(match[1]);
    parsed.periodEndFy = Number(match[2]);
  }
  const mapping = value('mapping');
  if (mapping !== undefined) parsed.mapping = parseMapping(mapping);
  if (files.length === 0) throw new UsageError('name the file to import: pdca import FILE');
  if (files.length > 1) throw new UsageError(`import one file at a time (got ${files.join(', ')})`);
  return { file: files[0], ...parsed };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
}

function parseMapping(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--mapping must be a JSON object such as '{"改革項目":"code"}'`);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw new UsageError(`--mapping must be a JSON object of header → field, such as '{"改革項目":"code"}'`);
  }
  return value as Record<string, string>;
}

type Problem = Extract<PlanImportRun, { ok: false }>['problems'][number];

function where(problem: Problem): string {
  const parts: string[] = [];
  if (problem.row !== null) parts.push(`行 ${problem.row} / row ${problem.row}`);
  if (problem.column !== null) parts.push(`列「${problem.column}」/ column "${problem.column}"`);
  if (parts.length === 0) parts.push('ファイル全体 / whole file');
  return parts.join(', ');
}

/** Every problem: where (row, column), the rule, and the sentence in Japanese and English. */
function renderProblems(problems: readonly Problem[]): string {
  return problems
    .map(
      (p) =>
        `  ${p.severity === 'error' ? '✖' : '⚠'} ${where(p)} [${p.rule}]${p.value !== undefined ? ` 値 / value: ${p.value}` : ''}\n` +
        `      ${p.message.ja}\n      ${p.message.en}\n`,
    )
    .join('');
}

function list(codes: readonly string[]): string {
  return codes.length === 0 ? '—' : codes.join(', ');
}

/** The import report for people, with Japanese and English headings. */
function renderImportReport(report: PlanImportReport): string {
  const status = report.dryRun
    ? report.planCreated
      ? '試行（新規作成の予定）/ dry run: would be created — nothing written'
      : '試行（更新の予定）/ dry run: would be updated — nothing written'
    : report.planCreated
      ? '新規作成 / created'
      : '更新 / updated';
  const period =
    report.periodStartFy !== null || report.periodEndFy !== null
      ? `FY${report.periodStartFy ?? '…'}–FY${report.periodEndFy ?? '…'}`
      : '—';
  const source = report.source;
  const lines = [
    `計画 / Plan: ${report.planTitle}`,
    `  状態 / Status: ${status}`,
    ...(report.planId ? [`  ID: ${report.planId}`] : []),
    `  期間 / Period: ${period}`,
    `  ファイル / File: ${source.fileName ?? '—'} (${[source.format, source.encoding, source.sheetName].filter(Boolean).join(', ')}; ${source.dataRows} data rows)`,
    `件数 / Counts: 目標 goals ${report.counts.goals}, テーマ themes ${report.counts.themes}, 改革項目 items ${report.counts.items}, 指標 indicators ${report.counts.indicators}`,
    `追加 / Added (${report.added.length}): ${list(report.added)}`,
    `変更 / Changed (${report.changed.length}):${report.changed.length === 0 ? ' —' : ''}`,
    ...report.changed.map((c) => `  ${c.code}: ${c.fields.join(', ')}`),
    `変更なし / Unchanged (${report.unchanged.length}): ${list(report.unchanged)}`,
    `ファイルにない項目（削除せず残す）/ Not in the file, kept (${report.removed.length}): ${list(report.removed)}`,
    `新しいワーキンググループ / Working groups created (${report.workingGroupsCreated.length}): ${list(report.workingGroupsCreated)}`,
    `警告 / Warnings (${report.warnings.length})${report.warnings.length === 0 ? ': —' : ':'}`,
  ];
  let text = `${lines.join('\n')}\n`;
  if (report.warnings.length > 0) text += renderProblems(report.warnings);
  if (report.tree) {
    text += '計画ツリー / Plan tree:\n';
    const write = (node: PlanPreviewNode, depth: number) => {
      const indent = '  '.repeat(depth + 1);
      text += `${indent}${node.code} ${node.title}${node.isDefault ? ' (default)' : ''}\n`;
      for (const item of node.items) {
        const extra = [
          item.status,
          item.workingGroup,
          item.indicators.length > 0 ? `${item.indicators.length} 指標` : '',
        ]
          .filter(Boolean)
          .join(', ');
        text += `${indent}  ${item.code} ${item.title} [${extra}]\n`;
      }
      for (const child of node.children) write(child, depth + 1);
    };
    for (const node of report.tree) write(node, 0);
  }
  return text;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

export const importCommand: CliCommand = {
  summary: 'import a reform plan file (CSV, TSV, JSON, Excel) into the database; --dry-run to check only',
  details: IMPORT_DETAILS,
  async run(args, { output }) {
    let parsed: ImportArgs;
    try {
      parsed = parseImportArgs(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      output.err(`pdca import: ${err.message}\n\n${IMPORT_DETAILS.split('\n\n')[0]}\n`);
      return EXIT_USAGE;
    }
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { ConfigError, loadConfig } = await import('@pdca/config');
    let limits: { maxBytes: number; maxRows: number };
    try {
      // Only the import limits are read; the placeholder keeps loadConfig from asking for a JWT secret.
      const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), ...process.env });
      limits = { maxBytes: config.importMaxBytes, maxRows: config.importMaxRows };
      // The same reading limits as the API (IMPORT_PARSE_*): the file is read in a worker thread.
      const { configurePlanParsing } = await import('@pdca/plan-import/parse-off-thread');
      configurePlanParsing(config.importParse);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      output.err(`pdca import: ${err.message}\n`);
      return EXIT_USAGE;
    }

    let size: number;
    try {
      const stat = fs.statSync(parsed.file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      output.err(`pdca import: cannot read "${parsed.file}": no such file\n`);
      return EXIT_USAGE;
    }
    if (size > limits.maxBytes) {
      output.err(
        `pdca import: ${parsed.file} is ${formatBytes(size)}, over the limit of ${formatBytes(limits.maxBytes)} (IMPORT_MAX_BYTES); nothing was imported.\n` +
          `  ファイルが大きすぎます（上限 ${formatBytes(limits.maxBytes)}）。取込は行っていません。\n`,
      );
      return EXIT_PROBLEMS;
    }
    output.out(`pdca import: reading ${parsed.file} (${formatBytes(size)})\n`);
    const bytes = fs.readFileSync(parsed.file);

    let database: CliDatabase;
    try {
      const { openDatabase } = await import('./cli-database');
      database = await openDatabase(output, 'pdca import');
    } catch (err) {
      output.err(
        `pdca import: cannot open the database: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return EXIT_PROBLEMS;
    }
    const { createDataSource } = await import('@pdca/persistence/data-source');
    const dataSource = createDataSource(database.url, { poolSize: 2, applicationName: 'pdca-import' });
    try {
      await dataSource.initialize();
      const { PlanImportRepository, TenantRepository } = await import('@pdca/persistence/repositories');
      const { importPlanFile } = await import('@pdca/plan-import/store');
      const tenants = new TenantRepository(dataSource);
      let code = parsed.tenant;
      if (code === undefined) {
        const all = await tenants.listCodes();
        if (all.length !== 1) {
          output.err(
            `pdca import: name the tenant with --tenant CODE (${all.length === 0 ? 'there are no tenants yet' : `tenants: ${all.map((t) => t.code).join(', ')}`})\n`,
          );
          return EXIT_USAGE;
        }
        code = all[0].code;
      }
      const tenant = await tenants.findByCode(code);
      if (!tenant) {
        const all = await tenants.listCodes();
        output.err(
          `pdca import: tenant "${code}" does not exist in ${database.describe} / テナント「${code}」がありません` +
            ` (tenants: ${all.length === 0 ? 'none' : all.map((t) => t.code).join(', ')})\n`,
        );
        return EXIT_PROBLEMS;
      }
      output.out(
        `pdca import: ${parsed.dryRun ? 'checking (dry run)' : 'validating and importing'} into tenant ${tenant.code} (${tenant.name}) in ${database.describe} …\n`,
      );
      const run = await importPlanFile(new PlanImportRepository(dataSource), {
        tenant: { id: tenant.id, name: tenant.name, settings: tenant.settings },
        file: bytes,
        fileName: path.basename(parsed.file),
        dryRun: parsed.dryRun,
        options: {
          ...(parsed.format ? { format: parsed.format } : {}),
          ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
          ...(parsed.mapping ? { mapping: parsed.mapping } : {}),
          ...(parsed.planTitle ? { planTitle: parsed.planTitle } : {}),
          ...(parsed.periodStartFy !== undefined ? { periodStartFy: parsed.periodStartFy } : {}),
          ...(parsed.periodEndFy !== undefined ? { periodEndFy: parsed.periodEndFy } : {}),
        },
        limits,
      });
      if (!run.ok) {
        const errors = run.problems.filter((p) => p.severity === 'error').length;
        if (parsed.json)
          output.out(
            `${JSON.stringify({ ok: false, status: run.status, problems: run.problems }, null, 2)}\n`,
          );
        output.err(
          `pdca import: ${parsed.file} has ${errors} problem${errors === 1 ? '' : 's'}; nothing was imported.\n` +
            `  ファイルに${errors}件の問題があります。取込は行っていません。\n${renderProblems(run.problems)}`,
        );
        return EXIT_PROBLEMS;
      }
      output.out(parsed.json ? `${JSON.stringify(run.report, null, 2)}\n` : renderImportReport(run.report));
      return EXIT_OK;
    } catch (err) {
      output.err(
        `pdca import: failed; nothing was imported: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return EXIT_PROBLEMS;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.close();
    }
  },
};
