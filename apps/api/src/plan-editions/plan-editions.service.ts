import { Injectable } from '@nestjs/common';
import type { Role } from '@pdca/domain';
import { type EditionFileContent, PlanEditionRepository } from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { notFound } from '../common/errors/localized-error';
import { outsidePlanPeriod } from '../common/errors/plan-period';
import type { AuthUser } from '../common/http/request-context';
import { EvaluationSheetsService } from '../evaluation-sheets/evaluation-sheets.service';
import { ExternalReviewReportsService } from '../external-review-reports/external-review-reports.service';
import { PlanReportsService } from '../plan-reports/plan-reports.service';
import { PLAN } from '../plans/plans.service';
import { PolicyEvaluationSheetsService } from '../policy-evaluation-sheets/policy-evaluation-sheets.service';
import {
  evaluationSheetFiles,
  externalReviewFiles,
  policySheetFiles,
  progressReportFiles,
} from './edition-files';
import {
  mapEdition,
  type PlanEditionDto,
  type PublishEditionDto,
  type PublishEditionResultDto,
} from './plan-editions.dto';

/** Who reads published editions, and who freezes one (HQ's administrator only). */
export const EDITION_READER_ROLES: readonly Role[] = ['hq_admin', 'hq_approver', 'admin', 'auditor'];
export const EDITION_PUBLISHER_ROLES: readonly Role[] = ['hq_admin'];

const EDITION_FILE = { ja: '公表版のファイル', en: 'the edition’s file' };

/**
 * Published editions (公表版): the year's files — the 進捗管理表, every item's 評価シート, every evaluated
 * node's 施策評価シート and each review round's 外部評価報告書, 公表用 and in Japanese — are generated in this one request from the same reads the exports use, then frozen
 * with their SHA-256 and one ledger entry.
 */
@Injectable()
export class PlanEditionsService {
  constructor(
    private readonly editions: PlanEditionRepository,
    private readonly reports: PlanReportsService,
    private readonly sheets: EvaluationSheetsService,
    private readonly policySheets: PolicyEvaluationSheetsService,
    private readonly reviewReports: ExternalReviewReportsService,
  ) {}

  async list(user: AuthUser, planId: string, fiscalYear?: number): Promise<PlanEditionDto[]> {
    const editions = await this.editions.list(user.tenantId, planId, fiscalYear);
    if (!editions) throw notFound(PLAN);
    return editions.map(mapEdition);
  }

  async publish(user: AuthUser, planId: string, dto: PublishEditionDto): Promise<PublishEditionResultDto> {
    const actor = ledgerActor(user, EDITION_PUBLISHER_ROLES);
    const { data, rollup } = await this.reports.loadForTenant(user.tenantId, planId, dto.fiscalYear);
    const outside = outsidePlanPeriod(dto.fiscalYear, data.plan);
    if (outside) throw outside;
    const sheet = { publication: true, lang: 'ja' } as const;
    const files = [
      ...(await progressReportFiles(data, rollup, dto.fiscalYear)),
      ...evaluationSheetFiles(
        await this.sheets.renderPlan(user.tenantId, planId, dto.fiscalYear, { ...sheet, format: 'html' }),
        await this.sheets.renderPlan(user.tenantId, planId, dto.fiscalYear, { ...sheet, format: 'xlsx' }),
      ),
      // Each evaluated node's 施策評価シート, when the year has 施策評価 (#24).
      ...policySheetFiles(
        await this.policySheets.renderPlan(user.tenantId, planId, dto.fiscalYear, {
          ...sheet,
          format: 'html',
        }),
        await this.policySheets.renderPlan(user.tenantId, planId, dto.fiscalYear, {
          ...sheet,
          format: 'xlsx',
        }),
      ),
      // Each review round of the year with items of the plan: its 外部評価報告書 (#25).
      ...externalReviewFiles(
        await this.reviewReports.renderPlanYear(user.tenantId, planId, dto.fiscalYear, sheet),
      ),
    ];
    const outcome = await this.editions.publish({
      tenantId: user.tenantId,
      planId,
      fiscalYear: dto.fiscalYear,
      title: dto.title,
      reason: dto.reason,
      actor,
      files,
    });
    if (outcome === 'plan_not_found') throw notFound(PLAN);
    return { ...mapEdition(outcome.edition), created: outcome.created };
  }

  async file(user: AuthUser, planId: string, editionId: string, name: string): Promise<EditionFileContent> {
    const file = await this.editions.file(user.tenantId, planId, editionId, name);
    if (!file) throw notFound(EDITION_FILE);
    return file;
  }
}
