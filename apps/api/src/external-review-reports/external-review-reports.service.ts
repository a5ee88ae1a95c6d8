import { HttpStatus, Injectable } from '@nestjs/common';
import type { Role } from '@pdca/domain';
import {
  type ExternalReviewReportData,
  ExternalReviewReportRepository,
} from '@pdca/persistence/repositories/external-review-report.repository';
import {
  externalReviewReportHtml,
  externalReviewReportXlsx,
  roundOrdinal,
} from '@pdca/reports/external-review-report';
import { DataSource } from 'typeorm';
import { apiError, notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import {
  type EvaluationSheetRenderOptions,
  type RenderedEvaluationSheet,
  sheetFile,
} from '../evaluation-sheets/evaluation-sheets.service';

/** Who reads every round's report; a committee member reads those of the rounds they sit on. */
export const REPORT_READER_ROLES: readonly Role[] = ['hq_approver', 'hq_admin', 'admin', 'auditor'];

const REVIEW = { ja: '外部評価', en: 'the review round' };

/** One rendered 外部評価報告書: the sheet's file, of a round. */
export interface RenderedReviewReport extends Omit<RenderedEvaluationSheet, 'itemId' | 'itemCode'> {
  readonly reviewId: string;
  /** 第n回 of its fiscal year. */
  readonly ordinal: number;
}

/**
 * 外部評価報告書 files (#25). `renderRound` and `renderPlanYear` take a tenant id, not a user, so that an
 * edition can freeze a year's reports on HQ's behalf; `renderForUser` is the endpoint's way in.
 */
@Injectable()
export class ExternalReviewReportsService {
  private readonly reports: ExternalReviewReportRepository;

  constructor(dataSource: DataSource) {
    this.reports = new ExternalReviewReportRepository(dataSource);
  }

  async renderForUser(
    user: AuthUser,
    reviewId: string,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedReviewReport> {
    const readsAll = user.roles.some((role) => REPORT_READER_ROLES.includes(role as Role));
    if (!readsAll && !(await this.reports.isMember(user.tenantId, reviewId, user.id))) {
      throw apiError(
        HttpStatus.FORBIDDEN,
        {
          ja: '外部評価報告書は、本部・監査担当者と、その外部評価の委員だけが出力できます。',
          en: 'Only HQ, auditors and the members of the review round may export its report.',
        },
        { code: 'NOT_ROUND_MEMBER' },
      );
    }
    const data = await this.reports.load(user.tenantId, reviewId);
    if (!data) throw notFound(REVIEW);
    // The report holds every member's 意見: a member reads it once the committee has ruled on every
    // item, never while one could still read the others' before giving their own.
    if (!readsAll && data.review.status !== 'ruled') {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: '外部評価報告書は、委員会がすべての改革項目の評価を終えてから出力できます。',
          en: 'The report can be exported once the committee has ruled on every item.',
        },
        { code: 'ROUND_NOT_RULED' },
      );
    }
    return renderReport(data, options);
  }

  /** One round's report; 404 when the tenant has no such round. */
  async renderRound(
    tenantId: string,
    reviewId: string,
    options: EvaluationSheetRenderOptions,
  ): Promise<RenderedReviewReport> {
    const data = await this.reports.load(tenantId, reviewId);
    if (!data) throw notFound(REVIEW);
    return renderReport(data, options);
  }

  /** The reports of the fiscal year's rounds that review items of the plan, oldest first (none: empty). */
  async renderPlanYear(
    tenantId: string,
    planId: string,
    fiscalYear: number,
    options: Omit<EvaluationSheetRenderOptions, 'format'>,
  ): Promise<Array<{ html: RenderedReviewReport; xlsx: RenderedReviewReport }>> {
    const rendered: Array<{ html: RenderedReviewReport; xlsx: RenderedReviewReport }> = [];
    // One round at a time: each is read once and drawn in both formats.
    for (const reviewId of await this.reports.roundsOfPlanYear(tenantId, planId, fiscalYear)) {
      const data = await this.reports.load(tenantId, reviewId);
      if (!data) continue;
      rendered.push({
        html: await renderReport(data, { ...options, format: 'html' }),
        xlsx: await renderReport(data, { ...options, format: 'xlsx' }),
      });
    }
    return rendered;
  }
}

async function renderReport(
  data: ExternalReviewReportData,
  options: EvaluationSheetRenderOptions,
): Promise<RenderedReviewReport> {
  const renderOptions = { publication: options.publication, lang: options.lang };
  const { review } = data;
  const file = await sheetFile(
    options,
    {
      html: () => externalReviewReportHtml(data, renderOptions),
      xlsx: () => externalReviewReportXlsx(data, renderOptions),
    },
    {
      en: 'external-review-report',
      ja: '外部評価報告書',
      code: options.lang === 'en' ? String(review.ordinal) : roundOrdinal(review.ordinal, 'ja'),
      title: review.title,
      fy: review.fiscalYear,
    },
  );
  return { reviewId: review.id, ordinal: review.ordinal, ...file };
}
