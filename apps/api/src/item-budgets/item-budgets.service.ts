import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import type { LocalizedText, Role } from '@pdca/domain';
import { FINANCE_IMPORT_MAX_ROWS } from '@pdca/domain/budget-chain';
import {
  BUDGET_STATUS_MAX_ITEMS,
  type FinanceImportRow,
  ItemBudgetRepository,
} from '@pdca/persistence/repositories/item-budget.repository';
import { type FinanceFileProblem, parseFinanceFile } from '@pdca/plan-import/finance-file.parser';
import { budgetStatusTitle, writeBudgetStatusXlsx } from '@pdca/reports/budget-status';
import { ledgerActor } from '../common/auth/acting-role';
import { apiError, errorDetail, notFound } from '../common/errors/localized-error';
import { requireOneOf } from '../common/http/at-least-one-field';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { APP_CONFIG } from '../infrastructure/tokens';
import type { PlanUpload } from '../plans/plan-upload.interceptor';
import {
  type BudgetStatusExportQueryDto,
  type BudgetStatusPageDto,
  type BudgetStatusQueryDto,
  type FinanceImportResultDto,
  type ItemBudgetChainDto,
  type ItemBudgetWriteResultDto,
  mapChain,
  mapChainItem,
  mapChainYear,
  type PutItemBudgetDto,
} from './item-budgets.dto';

/** Who records 査定額 and 当初予算額: the finance division (財政課), and system administrators. */
export const BUDGET_WRITER_ROLES: readonly Role[] = ['finance', 'admin'];
/** Who reads 予算反映状況: finance, HQ, auditors, administrators. */
export const BUDGET_STATUS_READER_ROLES: readonly Role[] = [
  'finance',
  'hq_admin',
  'hq_approver',
  'auditor',
  'admin',
];

const ITEM: LocalizedText = { ja: '改革項目', en: 'the reform item' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Injectable()
export class ItemBudgetsService {
  constructor(
    private readonly budgets: ItemBudgetRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async chain(user: AuthUser, itemId: string): Promise<ItemBudgetChainDto> {
    const chain = await this.budgets.loadChain(user.tenantId, itemId);
    if (!chain) throw notFound(ITEM);
    return mapChain(chain);
  }

  /** Sets 査定額 and/or 当初予算額 of the year; the same amounts again write nothing. */
  async put(
    user: AuthUser,
    itemId: string,
    fiscalYear: number,
    dto: PutItemBudgetDto,
  ): Promise<ItemBudgetWriteResultDto> {
    requireOneOf(dto, ['assessed', 'adopted']);
    const amounts = {
      ...(dto.assessed !== undefined ? { assessed: dto.assessed } : {}),
      ...(dto.adopted !== undefined ? { adopted: dto.adopted } : {}),
    };
    const outcome = await this.budgets.setAmounts({
      tenantId: user.tenantId,
      itemId,
      budgetYear: fiscalYear,
      amounts,
      reason: dto.reason,
      actor: ledgerActor(user, BUDGET_WRITER_ROLES),
    });
    if (outcome === 'not_found') throw notFound(ITEM);
    const chain = await this.budgets.loadChain(user.tenantId, itemId);
    const year = chain?.years.find((y) => y.fiscalYear === fiscalYear);
    if (!year) throw notFound(ITEM);
    return { changed: outcome === 'changed', year: mapChainYear(year) };
  }

  /**
   * The finance system's file for one budget year: read and checked whole (every row's item code
   * must name an item of the city), then written in one transaction; any problem refuses the file.
   */
  async import(user: AuthUser, budgetYear: number, upload: PlanUpload): Promise<FinanceImportResultDto> {
    const parsed = parseFinanceFile(upload.bytes, {
      fileName: upload.fileName,
      format: upload.formatHint,
      maxBytes: this.config.importMaxBytes,
      maxRows: Math.min(this.config.importMaxRows, FINANCE_IMPORT_MAX_ROWS),
    });
    if (!parsed.ok) throw financeFileRefused(parsed.problems, parsed.tooLarge === true);
    const found = await this.budgets.itemsByCode(
      user.tenantId,
      parsed.rows.map((r) => r.code),
    );
    const problems: FinanceFileProblem[] = [];
    const rows: FinanceImportRow[] = [];
    const fallbackReason = `財政課ファイル取込${upload.fileName ? `（${upload.fileName}）` : ''}`;
    for (const row of parsed.rows) {
      const items = found.get(row.code) ?? [];
      if (items.length !== 1) {
        problems.push({
          rule: items.length === 0 ? 'item_unknown' : 'item_ambiguous',
          row: row.row,
          column: '項目コード',
          value: row.code,
          message:
            items.length === 0
              ? {
                  ja: `${row.row}行目: 項目コード「${row.code}」の改革項目がありません。`,
                  en: `Row ${row.row}: no reform item has the code ${row.code}.`,
                }
              : {
                  ja: `${row.row}行目: 項目コード「${row.code}」の改革項目が複数の計画にあります。`,
                  en: `Row ${row.row}: the code ${row.code} names items of several plans.`,
                },
        });
        continue;
      }
      rows.push({
        row: row.row,
        itemId: items[0]!.id,
        amounts: {
          ...(row.assessed !== undefined ? { assessed: row.assessed } : {}),
          ...(row.adopted !== undefined ? { adopted: row.adopted } : {}),
        },
        reason: row.reason ?? fallbackReason,
      });
    }
    if (problems.length > 0) throw financeFileRefused(problems, false);
    const importId = randomUUID();
    const written = await this.budgets.importAmounts({
      tenantId: user.tenantId,
      budgetYear,
      importId,
      fileName: upload.fileName ?? null,
      rows,
      actor: ledgerActor(user, BUDGET_WRITER_ROLES),
    });
    return { budgetYear, importId, rows: rows.length, ...written };
  }

  async status(user: AuthUser, query: BudgetStatusQueryDto): Promise<BudgetStatusPageDto> {
    const page = await loadPage(
      query,
      (window) => this.budgets.listYear(user.tenantId, query.fiscalYear, window),
      (entry) => ({ item: mapChainItem(entry.item), year: mapChainYear(entry.year) }),
    );
    return { ...page, fiscalYear: query.fiscalYear };
  }

  async statusXlsx(user: AuthUser, query: BudgetStatusExportQueryDto, res: ServerResponse): Promise<void> {
    const lang = query.lang ?? 'ja';
    const { items } = await this.budgets.listYear(user.tenantId, query.fiscalYear, {
      limit: BUDGET_STATUS_MAX_ITEMS,
      offset: 0,
    });
    const title = `${budgetStatusTitle(query.fiscalYear, lang)}.xlsx`;
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="budget-status-${query.fiscalYear}.xlsx"; filename*=UTF-8''${encodeURIComponent(title)}`,
    );
    res.setHeader('Content-Type', XLSX_TYPE);
    await writeBudgetStatusXlsx(items, { fiscalYear: query.fiscalYear, lang }, res);
  }
}

/** A refused finance file: 400 naming every row and column with a problem (413 when too large). */
function financeFileRefused(problems: readonly FinanceFileProblem[], tooLarge: boolean): HttpException {
  const details = problems.map((p) =>
    errorDetail(p.column ?? 'file', p.rule, p.message, {
      row: p.row,
      column: p.column,
      severity: 'error',
      ...(p.value !== undefined ? { value: p.value } : {}),
    }),
  );
  if (tooLarge) {
    return apiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      {
        ja: `${problems[0]?.message.ja ?? ''}取込は行っていません。`,
        en: `${problems[0]?.message.en ?? ''} Nothing was imported.`,
      },
      { code: 'FILE_TOO_LARGE', details },
    );
  }
  const rows = [...new Set(problems.map((p) => p.row).filter((r): r is number => r !== null))];
  const whereJa =
    rows.length > 0 ? `（${rows.slice(0, 10).join('・')}${rows.length > 10 ? '…' : ''}行目）` : '';
  const where =
    rows.length > 0
      ? ` (${rows.length === 1 ? 'row' : 'rows'} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''})`
      : '';
  return apiError(
    HttpStatus.BAD_REQUEST,
    {
      ja: `財政課のファイルに${problems.length}件の問題があります${whereJa}。取込は行っていません。`,
      en: `The finance file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}${where}; nothing was imported.`,
    },
    { code: 'INVALID_FINANCE_FILE', details },
  );
}
