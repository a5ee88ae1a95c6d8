import type { ExternalReviewContext } from '@pdca/contracts';
import { resolveReminderPolicies } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';

/** An item a round may review, or a reason it may not. */
export interface ReviewableItem {
  id: string;
  removed: boolean;
}

/** A user a round may seat, with their roles (the API checks external_reviewer). */
export interface ReviewMemberCandidate {
  id: string;
  displayName: string;
  roles: string[];
}

/** HQ's filter for choosing items: the year's grade (二次評価, else 一次評価), the decision, the plan. */
export interface ReviewItemFilter {
  grade?: string[];
  decision?: string[];
  planId?: string;
}

/**
 * What creating a review round (外部評価, #25) reads: the city's settings it runs on, the items and
 * users it names, the items a filter chooses.
 */
export class ExternalReviewStartRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async tenantSettings(tenantId: string): Promise<{ code: string; settings: TenantSettings } | null> {
    const [row] = await this.dataSource.query('SELECT code, settings FROM tenants WHERE id = $1', [tenantId]);
    return row ? { code: row.code, settings: (row.settings ?? {}) as TenantSettings } : null;
  }

  /** The tenant's code and the context a new round runs on. */
  async reviewContext(
    tenantId: string,
  ): Promise<{ tenantCode: string; context: ExternalReviewContext } | null> {
    const tenant = await this.tenantSettings(tenantId);
    if (!tenant) return null;
    const { externalReview } = citySettingsOf(tenant.settings);
    return {
      tenantCode: tenant.code,
      context: {
        results: externalReview.results.map((r) => ({ ...r, label: { ...r.label } })),
        reminderPolicy: resolveReminderPolicies(tenant.settings.reminderPolicies ?? {}).evaluation,
        publishMemberNames: externalReview.publishMemberNames,
      },
    };
  }

  /** The tenant's items among `ids` (missing ones are not in the answer). */
  async items(tenantId: string, ids: string[]): Promise<ReviewableItem[]> {
    const rows: Array<{ id: string; removed_at: Date | null }> = await this.dataSource.query(
      'SELECT id, removed_at FROM items WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return rows.map((r) => ({ id: r.id, removed: r.removed_at !== null }));
  }

  /** The tenant's users among `ids`. */
  async users(tenantId: string, ids: string[]): Promise<ReviewMemberCandidate[]> {
    const rows: Array<{ id: string; display_name: string; roles: string[] }> = await this.dataSource.query(
      'SELECT id, display_name, roles FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles }));
  }

  /**
   * The items a filter chooses, in plan order: not removed; with a grade of `fiscalYear`'s cycle
   * among `grade` (HQ's 二次評価, else the 一次評価) and a decision among `decision`, where given.
   */
  async itemsChosenBy(tenantId: string, fiscalYear: number, filter: ReviewItemFilter): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT i.id FROM items i
         LEFT JOIN cycles c ON c.item_id = i.id AND c.tenant_id = i.tenant_id AND c.fiscal_year = $2
        WHERE i.tenant_id = $1 AND i.removed_at IS NULL
          AND ($3::uuid IS NULL OR i.plan_id = $3)
          AND ($4::text[] IS NULL OR COALESCE(c.hq_rating, c.evaluation->'payload'->>'selfRating') = ANY($4))
          AND ($5::text[] IS NULL OR c.decision->'payload'->>'decision' = ANY($5))
        ORDER BY i.sort, i.code
        LIMIT 101`,
      [tenantId, fiscalYear, filter.planId ?? null, filter.grade ?? null, filter.decision ?? null],
    );
    return rows.map((r) => r.id);
  }
}
