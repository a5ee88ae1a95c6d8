import { Injectable } from '@nestjs/common';
import { type CycleState, decideUpdate } from '@pdca/contracts';
import {
  CycleReadRepository,
  ExternalResponseReadRepository,
  PolicyEvaluationReadRepository,
} from '@pdca/persistence/repositories';
import { VerificationReadRepository } from '@pdca/persistence/repositories/verification-read.repository';
import { notFound } from '../common/errors/localized-error';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { CyclesService } from '../cycles/cycles.service';
import { responseApprovalEntry } from '../external-responses/external-response-map';
import type { ExternalResponseDto } from '../external-responses/external-responses.dto';
import { ExternalResponsesService } from '../external-responses/external-responses.service';
import type { PolicyEvaluationDto } from '../policy-evaluations/policy-evaluation-detail.dto';
import { PolicyEvaluationsService } from '../policy-evaluations/policy-evaluations.service';
import { policyApprovalEntry, policyFirstPage } from '../policy-evaluations/policy-inbox';
import type { VerificationRoundDto } from '../verification-rounds/verification-rounds.dto';
import {
  VerificationRoundsService,
  verificationApprovalEntry,
} from '../verification-rounds/verification-rounds.service';
import {
  type ApprovalDecisionDto,
  type ApprovalInboxEntryDto,
  type ApprovalListQueryDto,
  type ApprovalPageDto,
  mapApprovalEntry,
} from './approvals.dto';

const APPROVAL = { en: 'the approval', ja: '承認依頼' };

@Injectable()
export class ApprovalsService {
  constructor(
    private readonly cycleReads: CycleReadRepository,
    private readonly cycles: CyclesService,
    private readonly policyReads: PolicyEvaluationReadRepository,
    private readonly policies: PolicyEvaluationsService,
    private readonly responseReads: ExternalResponseReadRepository,
    private readonly responses: ExternalResponsesService,
    private readonly verificationReads: VerificationReadRepository,
    private readonly verifications: VerificationRoundsService,
  ) {}

  /** The 施策評価's, 市の対応方針's and 事業検証's approval steps first, then the items'. */
  async list(user: AuthUser, query: ApprovalListQueryDto): Promise<ApprovalPageDto> {
    const [policy, responses, verifications] = await Promise.all([
      this.policyReads.listApprovals(user.tenantId, query.status),
      this.responseReads.listApprovals(user.tenantId, query.status),
      this.verificationReads.listApprovals(user.tenantId, query.status),
    ]);
    const own = [
      ...policy.map(policyApprovalEntry),
      ...responses.map(responseApprovalEntry),
      ...verifications.map(verificationApprovalEntry),
    ];
    return loadPage(
      query,
      (window) =>
        policyFirstPage(own, window, async (rest) => {
          const page = await this.cycleReads.listApprovals({
            tenantId: user.tenantId,
            status: query.status,
            ...rest,
          });
          return { items: page.items.map(mapApprovalEntry), total: page.total };
        }),
      (entry) => entry as ApprovalInboxEntryDto,
    );
  }

  /**
   * Separation of duties (nobody decides on their own submission) and "already decided" are the
   * workflow's answers (OWN_SUBMISSION → 403, NOT_PENDING → 409), so they read the same everywhere.
   */
  async decide(
    user: AuthUser,
    approvalId: string,
    dto: ApprovalDecisionDto,
  ): Promise<CycleState | PolicyEvaluationDto | ExternalResponseDto | VerificationRoundDto> {
    const target = await this.cycleReads.findApprovalTarget(user.tenantId, approvalId);
    if (!target) {
      // A 施策評価's, a 市の対応方針's or a 事業検証's step: the same chain rules, decided by its own workflow (a rating is not taken).
      const decision = {
        approvalId,
        decision: dto.decision,
        ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
      };
      const decided =
        (await this.policies.decide(user, approvalId, decision)) ??
        (await this.responses.decide(user, approvalId, decision)) ??
        (await this.verifications.decide(user, approvalId, decision));
      if (decided) return decided;
      throw notFound(APPROVAL);
    }
    return this.cycles.commandOn(user, target.workflowId, decideUpdate, (actor) => [
      actor,
      {
        approvalId,
        decision: dto.decision,
        ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
        ...(dto.rating !== undefined ? { rating: dto.rating } : {}),
      },
    ]);
  }
}
