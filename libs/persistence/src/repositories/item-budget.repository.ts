import { type CitySettings, findDecision, type LocalizedText, resolveCitySettings } from '@pdca/domain';
import type { BudgetAmountKind } from '@pdca/domain/budget-chain';
import { DataSource, type EntityManager } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** One amount of the chain with who set it, when, from where and why. */
export interface ChainAmount {
  amount: number;
  setById: string | null;
  setBy: string | null;
  setAt: string | null;
  /** requested: plan | import; assessed/adopted: manual | import; reflected: cycle | verification. */
  source: string;
  reason: string | null;
}

/** A decision's proposal for the year (a budget_reflections row of any origin). */
export interface ChainReflection {
  id: string;
  /** 'cycle' (an approved 今後の方向性) or 'verification' (本部の決定 of 事業検証). */
  origin: string;
  cycleId: string | null;
  verificationItemId: string | null;
  sourceFiscalYear: number;
  decision: string;
  decisionLabel: LocalizedText;
  currentAmount: number;
  proposedAmount: number;
  delta: number;
  ruleDescription: LocalizedText;
  approvalId: string | null;
  decidedBy: string | null;
  createdAt: string;
}

export interface ChainYear {
  fiscalYear: number;
  requested: ChainAmount | null;
  assessed: ChainAmount | null;
  adopted: ChainAmount | null;
  /** The latest decision's proposal (its proposed amount); all of them in `reflections`. */
  reflected: ChainAmount | null;
  reflections: ChainReflection[];
  /** The item's budget of the year as the cycles read it (item_budgets), and where it came from. */
  budget: { amount: number; source: string } | null;
}

export interface ChainItem {
  id: string;
  code: string;
  title: string;
  planId: string;
  removed: boolean;
}

export interface ItemBudgetChain {
  item: ChainItem;
  years: ChainYear[];
}

export interface BudgetAmountsWrite {
  tenantId: string;
  itemId: string;
  budgetYear: number;
  amounts: Partial<Record<BudgetAmountKind, number>>;
  reason: string;
  actor: LedgerUserActor;
}

export interface FinanceImportRow {
  /** The row as the user sees it in the file. */
  row: number;
  itemId: string;
  amounts: Partial<Record<BudgetAmountKind, number>>;
  reason: string;
}

export interface FinanceImportWrite {
  tenantId: string;
  budgetYear: number;
  importId: string;
  fileName: string | null;
  rows: readonly FinanceImportRow[];
  actor: LedgerUserActor;
}

export type BudgetWriteOutcome = 'not_found' | 'unchanged' | 'changed';

/** Most items one 予算反映状況 page or file reads. */
export const BUDGET_STATUS_MAX_ITEMS = 5000;

type Row = Record<string, never>;
const num = (v: string | number | null): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * The budget chain of items (#26): reads 予算要求額 (the PLAN submission's 当初予算額（案） of that
 * year's cycle, else the plan import's amount), 査定額 and 当初予算額 (item_budget_amounts) and 反映額
 * (budget_reflections of any origin, read with a LEFT JOIN: a 事業検証 reflection has no cycle), and
 * writes finance's amounts with their ledger entries and outbox events in one transaction. When
 * 当初予算額 is set, item_budgets holds it (source 'adopted') and reflections no longer overwrite it.
 */
export class ItemBudgetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async item(tenantId: string, itemId: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = await manager.query(
      `SELECT id, code, title, plan_id, removed_at FROM items WHERE tenant_id = $1 AND id = $2`,
      [tenantId, itemId],
    );
    if (!row) return null;
    const item: ChainItem = {
      id: row.id,
      code: row.code,
      title: row.title,
      planId: row.plan_id,
      removed: row.removed_at !== null,
    };
    return item;
  }

  /** The tenant's items (not removed) by code: a code may name items of several plans. */
  async itemsByCode(tenantId: string, codes: readonly string[]): Promise<Map<string, ChainItem[]>> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, code, title, plan_id FROM items
        WHERE tenant_id = $1 AND removed_at IS NULL AND code = ANY($2::text[])`,
      [tenantId, codes],
    );
    const found = new Map<string, ChainItem[]>();
    for (const r of rows) {
      const item: ChainItem = { id: r.id, code: r.code, title: r.title, planId: r.plan_id, removed: false };
      found.set(item.code, [...(found.get(item.code) ?? []), item]);
    }
    return found;
  }

  /** One item's chain, every year it has anything for, oldest first; null when no such item. */
  async loadChain(tenantId: string, itemId: string): Promise<ItemBudgetChain | null> {
    const item = await this.item(tenantId, itemId);
    if (!item) return null;
    const chains = await this.chains(tenantId, [itemId], null);
    return { item, years: chains.get(itemId) ?? [] };
  }

  /**
   * 予算反映状況: the items that have anything for `budgetYear` (a budget, request, amount or
   * decision), in plan and code order, one page at a time.
   */
  async listYear(
    tenantId: string,
    budgetYear: number,
    window: { limit: number; offset: number },
  ): Promise<{ items: Array<{ item: ChainItem; year: ChainYear }>; total: number }> {
    const where = `i.tenant_id = $1 AND i.removed_at IS NULL AND (
         EXISTS (SELECT 1 FROM item_budgets b WHERE b.item_id = i.id AND b.fiscal_year = $2)
      OR EXISTS (SELECT 1 FROM item_budget_amounts a WHERE a.item_id = i.id AND a.budget_year = $2)
      OR EXISTS (SELECT 1 FROM budget_reflections r WHERE r.item_id = i.id AND r.fiscal_year = $2)
      OR EXISTS (SELECT 1 FROM cycles c WHERE c.item_id = i.id AND c.fiscal_year = $2 AND c.plan IS NOT NULL))`;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM items i WHERE ${where}`,
      [tenantId, budgetYear],
    );
    const rows: Row[] = await this.dataSource.query(
      `SELECT i.id, i.code, i.title, i.plan_id FROM items i JOIN plans p ON p.id = i.plan_id
        WHERE ${where} ORDER BY p.created_at, p.id, i.sort, i.code LIMIT $3 OFFSET $4`,
      [tenantId, budgetYear, window.limit, window.offset],
    );
    const ids = rows.map((r) => r.id as string);
    const chains = await this.chains(tenantId, ids, budgetYear);
    return {
      total,
      items: rows.map((r) => ({
        item: { id: r.id, code: r.code, title: r.title, planId: r.plan_id, removed: false },
        year: chains.get(r.id)?.[0] ?? emptyYear(budgetYear),
      })),
    };
  }

  /** The chains of `itemIds` (every year, or only `year`), keyed by item. */
  private async chains(
    tenantId: string,
    itemIds: readonly string[],
    year: number | null,
  ): Promise<Map<string, ChainYear[]>> {
    const result = new Map<string, ChainYear[]>();
    if (itemIds.length === 0) return result;
    const params = [tenantId, itemIds, year];
    const [tenant] = await this.dataSource.query('SELECT settings FROM tenants WHERE id = $1', [tenantId]);
    const settings = resolveCitySettings(tenant?.settings as Partial<CitySettings> | null);
    const [budgets, requests, amounts, reflections]: Row[][] = await Promise.all([
      this.dataSource.query(
        `SELECT item_id, fiscal_year, amount, source, updated_at FROM item_budgets
          WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) AND ($3::int IS NULL OR fiscal_year = $3)`,
        params,
      ),
      // The latest cycle of the year with a PLAN submission: its 当初予算額（案）.
      this.dataSource.query(
        `SELECT DISTINCT ON (c.item_id, c.fiscal_year) c.item_id, c.fiscal_year,
                c.plan->'payload'->>'budgetRequest' AS amount, c.plan->>'submittedBy' AS set_by_id,
                c.plan->>'submittedAt' AS set_at, u.display_name AS set_by
           FROM cycles c LEFT JOIN users u ON u.id::text = c.plan->>'submittedBy'
          WHERE c.tenant_id = $1 AND c.item_id = ANY($2::uuid[]) AND ($3::int IS NULL OR c.fiscal_year = $3)
            AND c.plan IS NOT NULL AND c.plan->'payload' ? 'budgetRequest'
          ORDER BY c.item_id, c.fiscal_year, c.started_at DESC`,
        params,
      ),
      this.dataSource.query(
        `SELECT a.item_id, a.budget_year, a.kind, a.amount, a.reason, a.set_by AS set_by_id,
                u.display_name AS set_by, a.set_at, a.source
           FROM item_budget_amounts a LEFT JOIN users u ON u.id = a.set_by
          WHERE a.tenant_id = $1 AND a.item_id = ANY($2::uuid[]) AND ($3::int IS NULL OR a.budget_year = $3)`,
        params,
      ),
      // Every origin: a 事業検証 reflection has no cycle (to_jsonb reads columns #26's part C adds).
      this.dataSource.query(
        `SELECT r.id, r.item_id, r.fiscal_year, r.source_fiscal_year, r.cycle_id, r.decision,
                r.current_amount, r.proposed_amount, r.delta, r.rule_description, r.approval_id, r.created_at,
                COALESCE(to_jsonb(r)->>'origin', 'cycle') AS origin,
                to_jsonb(r)->>'verification_item_id' AS verification_item_id,
                ap.decided_by AS decided_by_id, u.display_name AS decided_by,
                c.city_settings AS cycle_settings
           FROM budget_reflections r
           LEFT JOIN cycles c ON c.id = r.cycle_id
           LEFT JOIN approvals ap ON ap.id = r.approval_id
           LEFT JOIN users u ON u.id = ap.decided_by
          WHERE r.tenant_id = $1 AND r.item_id = ANY($2::uuid[]) AND ($3::int IS NULL OR r.fiscal_year = $3)
          ORDER BY r.created_at, r.id`,
        params,
      ),
    ]);
    const yearOf = (itemId: string, fy: number): ChainYear => {
      const years = result.get(itemId) ?? [];
      result.set(itemId, years);
      const found = years.find((y) => y.fiscalYear === fy);
      if (found) return found;
      const entry = emptyYear(fy);
      years.push(entry);
      return entry;
    };
    for (const b of budgets) {
      const y = yearOf(b.item_id, b.fiscal_year);
      y.budget = { amount: Number(b.amount), source: b.source };
      if (b.source === 'import') {
        y.requested = {
          amount: Number(b.amount),
          setById: null,
          setBy: null,
          setAt: iso(b.updated_at),
          source: 'import',
          reason: null,
        };
      }
    }
    for (const r of requests) {
      // The PLAN submission outranks the plan file: it is the department's request for the year.
      yearOf(r.item_id, r.fiscal_year).requested = {
        amount: Number(r.amount),
        setById: r.set_by_id,
        setBy: r.set_by,
        setAt: iso(r.set_at),
        source: 'plan',
        reason: null,
      };
    }
    for (const a of amounts) {
      yearOf(a.item_id, a.budget_year)[a.kind as BudgetAmountKind] = {
        amount: Number(a.amount),
        setById: a.set_by_id,
        setBy: a.set_by,
        setAt: iso(a.set_at),
        source: a.source,
        reason: a.reason,
      };
    }
    for (const r of reflections) {
      const cycleSettings = r.cycle_settings as Partial<CitySettings> | null;
      const decision =
        (cycleSettings && findDecision(resolveCitySettings(cycleSettings), r.decision)) ??
        findDecision(settings, r.decision);
      const y = yearOf(r.item_id, r.fiscal_year);
      y.reflections.push({
        id: r.id,
        origin: r.origin,
        cycleId: r.cycle_id,
        verificationItemId: r.verification_item_id,
        sourceFiscalYear: r.source_fiscal_year,
        decision: r.decision,
        decisionLabel: decision?.label ?? { ja: r.decision, en: r.decision },
        currentAmount: Number(r.current_amount),
        proposedAmount: Number(r.proposed_amount),
        delta: Number(r.delta),
        ruleDescription: r.rule_description,
        approvalId: r.approval_id,
        decidedBy: r.decided_by,
        createdAt: iso(r.created_at)!,
      });
      y.reflected = {
        amount: Number(r.proposed_amount),
        setById: r.decided_by_id,
        setBy: r.decided_by,
        setAt: iso(r.created_at),
        source: r.origin,
        reason: null,
      };
    }
    for (const years of result.values()) years.sort((a, b) => a.fiscalYear - b.fiscalYear);
    return result;
  }

  /**
   * Sets 査定額 and/or 当初予算額 of one item and budget year: the rows, one `item_budget.amounts_set`
   * ledger entry (before, after, reason) and an outbox event, in one transaction. 当初予算額 becomes
   * the item's budget for the year (item_budgets source 'adopted'). The same amounts again write
   * nothing (a new reason alone changes nothing either).
   */
  setAmounts(input: BudgetAmountsWrite): Promise<BudgetWriteOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const [item] = await tx.query(
        'SELECT id, code, title FROM items WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [input.tenantId, input.itemId],
      );
      if (!item) return 'not_found';
      const changed = await writeAmounts(tx, {
        tenantId: input.tenantId,
        item,
        budgetYear: input.budgetYear,
        amounts: input.amounts,
        reason: input.reason,
        actor: input.actor,
        source: 'manual',
        importId: null,
      });
      return changed ? 'changed' : 'unchanged';
    });
  }

  /**
   * A finance file's rows (already checked: every row valid, every item of the tenant) in one
   * transaction: each changed item gets its ledger entry; one `item_budget.imported` outbox event
   * names the file. Rows that change nothing write nothing; the same file again changes nothing.
   */
  importAmounts(input: FinanceImportWrite): Promise<{ changed: number; unchanged: number }> {
    return this.dataSource.transaction(async (tx) => {
      const ids = [...new Set(input.rows.map((r) => r.itemId))].sort();
      const items: Array<{ id: string; code: string; title: string }> = await tx.query(
        'SELECT id, code, title FROM items WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
        [input.tenantId, ids],
      );
      const byId = new Map(items.map((i) => [i.id, i]));
      let changed = 0;
      for (const row of input.rows) {
        const item = byId.get(row.itemId);
        if (!item) continue;
        const wrote = await writeAmounts(tx, {
          tenantId: input.tenantId,
          item,
          budgetYear: input.budgetYear,
          amounts: row.amounts,
          reason: row.reason,
          actor: input.actor,
          source: 'import',
          importId: input.importId,
          fileName: input.fileName,
          fileRow: row.row,
        });
        if (wrote) changed++;
      }
      if (changed > 0) {
        const occurredAt = new Date().toISOString();
        await tx.query(
          `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`,
          [
            input.tenantId,
            `item_budget.imported#${input.importId}`,
            'item_budget.imported',
            JSON.stringify({
              importId: input.importId,
              budgetYear: input.budgetYear,
              fileName: input.fileName,
              rows: input.rows.length,
              changed,
              by: input.actor.userId,
            }),
            occurredAt,
          ],
        );
      }
      return { changed, unchanged: input.rows.length - changed };
    });
  }
}

function emptyYear(fiscalYear: number): ChainYear {
  return {
    fiscalYear,
    requested: null,
    assessed: null,
    adopted: null,
    reflected: null,
    reflections: [],
    budget: null,
  };
}

interface AmountWrite {
  tenantId: string;
  item: { id: string; code: string; title: string };
  budgetYear: number;
  amounts: Partial<Record<BudgetAmountKind, number>>;
  reason: string;
  actor: LedgerUserActor;
  source: 'manual' | 'import';
  importId: string | null;
  fileName?: string | null;
  fileRow?: number;
}

/** Writes what differs from the stored amounts, with the ledger entry and outbox event; false when nothing differs. */
async function writeAmounts(tx: EntityManager, input: AmountWrite): Promise<boolean> {
  const stored: Row[] = await tx.query(
    'SELECT kind, amount FROM item_budget_amounts WHERE item_id = $1 AND budget_year = $2',
    [input.item.id, input.budgetYear],
  );
  const before: Partial<Record<BudgetAmountKind, number | null>> = {};
  const after: Partial<Record<BudgetAmountKind, number>> = {};
  for (const [kind, amount] of Object.entries(input.amounts) as Array<[BudgetAmountKind, number]>) {
    const old = num(stored.find((s) => s.kind === kind)?.amount ?? null);
    if (old === amount) continue;
    before[kind] = old;
    after[kind] = amount;
  }
  if (Object.keys(after).length === 0) return false;
  const payload = {
    itemId: input.item.id,
    itemCode: input.item.code,
    itemTitle: input.item.title,
    budgetYear: input.budgetYear,
    before,
    after,
    source: input.source,
    ...(input.importId
      ? { importId: input.importId, fileName: input.fileName ?? null, row: input.fileRow }
      : {}),
  };
  const entry = {
    ...administrativeEntry(input.tenantId, input.actor, 'item_budget.amounts_set', payload, input.reason),
    itemId: input.item.id,
  };
  for (const [kind, amount] of Object.entries(after) as Array<[BudgetAmountKind, number]>) {
    await tx.query(
      `INSERT INTO item_budget_amounts (tenant_id, item_id, budget_year, kind, amount, reason, set_by, set_at,
                                        source, import_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (item_id, budget_year, kind) DO UPDATE SET amount = EXCLUDED.amount, reason = EXCLUDED.reason,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at, source = EXCLUDED.source, import_id = EXCLUDED.import_id`,
      [
        input.tenantId,
        input.item.id,
        input.budgetYear,
        kind,
        amount,
        input.reason,
        input.actor.userId,
        entry.occurredAt,
        input.source,
        input.importId,
      ],
    );
  }
  if (after.adopted !== undefined) {
    // 当初予算額 is the year's budget: the cycles of that year and the next decisions start from it.
    await tx.query(
      `INSERT INTO item_budgets (tenant_id, item_id, fiscal_year, amount, source, budget_reflection_id, updated_at)
       VALUES ($1, $2, $3, $4, 'adopted', NULL, $5)
       ON CONFLICT (item_id, fiscal_year) DO UPDATE SET amount = EXCLUDED.amount, source = 'adopted',
         budget_reflection_id = NULL, updated_at = EXCLUDED.updated_at`,
      [input.tenantId, input.item.id, input.budgetYear, after.adopted, entry.occurredAt],
    );
  }
  const seq = await appendLedgerEntry(tx, entry);
  await tx.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [
      input.tenantId,
      `${entry.action}#${input.tenantId}#${seq}`,
      entry.action,
      JSON.stringify({ ...payload, reason: input.reason, by: input.actor.userId }),
      entry.occurredAt,
    ],
  );
  return true;
}
