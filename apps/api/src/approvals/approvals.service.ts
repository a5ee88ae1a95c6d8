import { Injectable } from '@nestjs/common';
import { type CycleState, decideUpdate } from '@pdca/contracts';
import { CycleReadRepository } from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { CyclesService } from '../cycles/cycles.service';
import {
  type ApprovalDecisionDto,
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
  ) {}

  async list(user: AuthUser, query: ApprovalListQueryDto): Promise<ApprovalPageDto> {
    return loadPage(
      query,
      (window) => this.cycleReads.listApprovals({ tenantId: user.tenantId, status: query.status, ...window }),
      mapApprovalEntry,
    );
  }

  /**
   * Separation of duties (nobody decides on their own submission) and "already decided" are the
   * workflow's answers (OWN_SUBMISSION → 403, NOT_PENDING → 409), so they read the same everywhere.
   */
  async decide(user: AuthUser, approvalId: string, dto: ApprovalDecisionDto): Promise<CycleState> {
    const target = await this.cycleReads.findApprovalTarget(user.tenantId, approvalId);
    if (!target) throw notFound(APPROVAL);
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
