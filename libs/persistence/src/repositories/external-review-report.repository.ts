import type { ExternalReviewResult } from '@pdca/domain/external-review-settings';
import { DataSource } from 'typeorm';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';
import { groupBy } from './group-rows';

/** A member's 意見 on one item, as the 外部評価報告書 prints it. */
export interface ReportOpinion {
  readonly memberUserId: string;
  readonly memberName: string;
  /** The proposed result's code (評価区分（案）). */
  readonly result: string;
  readonly opinion: string;
  readonly submittedAt: string;
}

/** 市の対応方針 of one ruled item; its texts only once HQ approved it. */
export interface ReportResponse {
  readonly status: 'open' | 'submitted' | 'returned' | 'approved';
  readonly response: string | null;
  /** 効果見込額 in yen. */
  readonly expectedEffect: number | null;
  /** 実施時期. */
  readonly timing: string | null;
  readonly approvedAt: string | null;
}

export interface ReportItem {
  readonly itemId: string;
  readonly code: string;
  readonly title: string;
  readonly planId: string;
  /** 委員会の評価, once the chair has ruled. */
  readonly ruling: {
    readonly result: string;
    readonly reason: string;
    readonly ruledAt: string | null;
  } | null;
  readonly opinions: readonly ReportOpinion[];
  readonly response: ReportResponse | null;
}

/** Everything the 外部評価報告書 of one review round says (#25). */
export interface ExternalReviewReportData {
  readonly tenantName: string;
  readonly review: {
    readonly id: string;
    readonly fiscalYear: number;
    readonly title: string;
    /** 第n回: the round's place among the city's rounds of its fiscal year, by creation. */
    readonly ordinal: number;
    readonly dueAt: string;
    readonly status: 'open' | 'ruled';
  };
  /** The committee, the chair first, then by name. */
  readonly members: ReadonlyArray<{
    readonly userId: string;
    readonly name: string;
    readonly chair: boolean;
  }>;
  /** The city's result list (評価区分), for the codes' labels. */
  readonly results: readonly ExternalReviewResult[];
  /** settings.externalReview.publishMemberNames: whether the 公表用 report names the members. */
  readonly publishMemberNames: boolean;
  /** In plan order (the items' sort, then code), as every list of items. */
  readonly items: readonly ReportItem[];
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

/**
 * Reads a review round for its 外部評価報告書 in five bounded queries (the round with its city, the
 * members, the items with their rulings, the opinions, the responses), each by the round's id.
 * Also finds the rounds an edition of a plan's fiscal year freezes.
 */
export class ExternalReviewReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(tenantId: string, reviewId: string): Promise<ExternalReviewReportData | null> {
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => this.dataSource.query(sql, params);
    const [round] = await q<{
      id: string;
      fiscal_year: number;
      title: string;
      due_at: Date;
      status: 'open' | 'ruled';
      chair_user_id: string;
      tenant_name: string;
      tenant_settings: TenantSettings | null;
      ordinal: string;
    }>(
      `SELECT r.id, r.fiscal_year, r.title, r.due_at, r.status, r.chair_user_id, t.name AS tenant_name,
              t.settings AS tenant_settings,
              (SELECT count(*) FROM external_reviews o
                WHERE o.tenant_id = r.tenant_id AND o.fiscal_year = r.fiscal_year
                  AND (o.created_at, o.id) <= (r.created_at, r.id)) AS ordinal
         FROM external_reviews r JOIN tenants t ON t.id = r.tenant_id
        WHERE r.tenant_id = $1 AND r.id = $2`,
      [tenantId, reviewId],
    );
    if (!round) return null;
    const params = [tenantId, reviewId];
    const [members, items, opinions, responses] = await Promise.all([
      q<{ user_id: string; name: string }>(
        `SELECT m.user_id, u.display_name AS name FROM external_review_members m JOIN users u ON u.id = m.user_id
          WHERE m.tenant_id = $1 AND m.review_id = $2 ORDER BY u.display_name, u.id`,
        params,
      ),
      q<{
        item_id: string;
        code: string;
        title: string;
        plan_id: string;
        ruling_result: string | null;
        ruling_reason: string | null;
        ruled_at: Date | null;
      }>(
        `SELECT ri.item_id, i.code, i.title, i.plan_id, ri.ruling_result, ri.ruling_reason, ri.ruled_at
           FROM external_review_items ri JOIN items i ON i.id = ri.item_id AND i.tenant_id = ri.tenant_id
          WHERE ri.tenant_id = $1 AND ri.review_id = $2 ORDER BY i.sort, i.code, ri.position`,
        params,
      ),
      q<{ item_id: string; member_user_id: string; result: string; opinion: string; submitted_at: Date }>(
        `SELECT o.item_id, o.member_user_id, o.result, o.opinion, o.submitted_at FROM external_review_opinions o
          WHERE o.tenant_id = $1 AND o.review_id = $2`,
        params,
      ),
      q<{
        item_id: string;
        status: ReportResponse['status'];
        submission: { response?: string; expectedEffect?: number | null; timing?: string } | null;
        approved_at: Date | null;
      }>(
        `SELECT item_id, status, submission, approved_at FROM external_responses
          WHERE tenant_id = $1 AND review_id = $2`,
        params,
      ),
    ]);
    const city = citySettingsOf(round.tenant_settings ?? {});
    const chairFirst = [...members].sort(
      (a, b) => Number(b.user_id === round.chair_user_id) - Number(a.user_id === round.chair_user_id),
    );
    const memberOrder = new Map(chairFirst.map((m, i) => [m.user_id, i]));
    const names = new Map(members.map((m) => [m.user_id, m.name]));
    const opinionsOf = groupBy(opinions, (o) => o.item_id);
    const responseOf = new Map(responses.map((r) => [r.item_id, r]));
    return {
      tenantName: round.tenant_name,
      review: {
        id: round.id,
        fiscalYear: round.fiscal_year,
        title: round.title,
        ordinal: Number(round.ordinal),
        dueAt: iso(round.due_at)!,
        status: round.status,
      },
      members: chairFirst.map((m) => ({
        userId: m.user_id,
        name: m.name,
        chair: m.user_id === round.chair_user_id,
      })),
      results: city.externalReview.results,
      publishMemberNames: city.externalReview.publishMemberNames,
      items: items.map((i): ReportItem => {
        const response = responseOf.get(i.item_id);
        const approved = response?.status === 'approved' ? response.submission : null;
        return {
          itemId: i.item_id,
          code: i.code,
          title: i.title,
          planId: i.plan_id,
          ruling: i.ruling_result
            ? { result: i.ruling_result, reason: i.ruling_reason ?? '', ruledAt: iso(i.ruled_at) }
            : null,
          opinions: (opinionsOf.get(i.item_id) ?? [])
            .map((o) => ({
              memberUserId: o.member_user_id,
              memberName: names.get(o.member_user_id) ?? '',
              result: o.result,
              opinion: o.opinion,
              submittedAt: iso(o.submitted_at)!,
            }))
            .sort((a, b) => (memberOrder.get(a.memberUserId) ?? 0) - (memberOrder.get(b.memberUserId) ?? 0)),
          response: response
            ? {
                status: response.status,
                response: approved?.response ?? null,
                expectedEffect: approved?.expectedEffect ?? null,
                timing: approved?.timing ?? null,
                approvedAt: iso(response.approved_at),
              }
            : null,
        };
      }),
    };
  }

  /** The rounds of a fiscal year that review at least one item of the plan, oldest first. */
  async roundsOfPlanYear(tenantId: string, planId: string, fiscalYear: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id FROM external_reviews r
        WHERE r.tenant_id = $1 AND r.fiscal_year = $3
          AND EXISTS (SELECT 1 FROM external_review_items ri JOIN items i ON i.id = ri.item_id
                       WHERE ri.review_id = r.id AND i.plan_id = $2)
        ORDER BY r.created_at, r.id`,
      [tenantId, planId, fiscalYear],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the user sits on the round. */
  async isMember(tenantId: string, reviewId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM external_review_members WHERE tenant_id = $1 AND review_id = $2 AND user_id = $3',
      [tenantId, reviewId, userId],
    );
    return rows.length > 0;
  }
}
