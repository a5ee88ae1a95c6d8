import { ForbiddenException, HttpStatus, Injectable } from '@nestjs/common';
import {
  type ApprovalDecision,
  decideExternalResponseUpdate,
  type ExternalResponseState,
  submitExternalResponseUpdate,
} from '@pdca/contracts';
import { type ExternalResponseSubmission, followUpProblems } from '@pdca/domain';
import {
  citySettingsOf,
  ExternalResponseReadRepository,
  type ExternalResponseRow,
  SettingsRepository,
} from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { apiError, errorDetail, localized, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { actorOf } from '../cycles/cycles.service';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import {
  mapCarriedResponse,
  mapResponse,
  mapResponseSummary,
  type ResultLabels,
} from './external-response-map';
import type {
  CarriedExternalResponseDto,
  ExternalResponseDto,
  ExternalResponseListQueryDto,
  ExternalResponsePageDto,
  FollowUpDto,
  FollowUpResultDto,
} from './external-responses.dto';

/** Who reads every response; a wg_leader reads the ones they lead. */
export const READS_ALL_RESPONSES = ['hq_approver', 'hq_admin', 'auditor', 'admin'];
const RESPONSE = { en: 'the city’s response', ja: '市の対応方針' };

const notLeader = () =>
  new ForbiddenException(
    localized(
      { ja: 'この改革項目のリーダーではありません。', en: 'You are not the leader of this item.' },
      { code: 'NOT_LEADER' },
    ),
  );

@Injectable()
export class ExternalResponsesService {
  constructor(
    private readonly reads: ExternalResponseReadRepository,
    private readonly settings: SettingsRepository,
    private readonly commands: CycleCommandsService,
  ) {}

  private async labels(tenantId: string): Promise<ResultLabels> {
    const stored = await this.settings.read(tenantId, null);
    const { results } = citySettingsOf(stored.tenantSettings).externalReview;
    return new Map(results.map((r) => [r.code, r.label]));
  }

  private async readable(user: AuthUser, responseId: string): Promise<ExternalResponseRow> {
    const row = await this.reads.find(user.tenantId, responseId);
    if (!row) throw notFound(RESPONSE);
    if (!user.roles.some((r) => READS_ALL_RESPONSES.includes(r)) && row.leaderUserId !== user.id)
      throw notLeader();
    return row;
  }

  async list(user: AuthUser, query: ExternalResponseListQueryDto): Promise<ExternalResponsePageDto> {
    const onlyMine = !user.roles.some((r) => READS_ALL_RESPONSES.includes(r));
    const labels = await this.labels(user.tenantId);
    return loadPage(
      query,
      (window) =>
        this.reads.list({
          tenantId: user.tenantId,
          fiscalYear: query.fiscalYear,
          itemId: query.itemId,
          leaderUserId: onlyMine ? user.id : undefined,
          ...window,
        }),
      (row) => mapResponseSummary(row, labels),
    );
  }

  async get(user: AuthUser, responseId: string): Promise<ExternalResponseDto> {
    const row = await this.readable(user, responseId);
    const [approvals, labels] = await Promise.all([
      this.reads.approvalsOf(user.tenantId, [row.id]),
      this.labels(user.tenantId),
    ]);
    return mapResponse(row, approvals, labels);
  }

  /** The leader submits; who may, and what, is the workflow's answer (403 NOT_ALLOWED, 400 INVALID_PAYLOAD). */
  async submit(
    user: AuthUser,
    responseId: string,
    dto: ExternalResponseSubmission,
  ): Promise<ExternalResponseDto> {
    const row = await this.reads.find(user.tenantId, responseId);
    if (!row) throw notFound(RESPONSE);
    const payload: ExternalResponseSubmission = JSON.parse(JSON.stringify(dto));
    await this.commands.update<ExternalResponseState>(row.workflowId, submitExternalResponseUpdate, [
      actorOf(user),
      payload,
    ]);
    return this.get(user, responseId);
  }

  /** HQ's decision on a response's approval step; null when the approval is not one. */
  async decide(
    user: AuthUser,
    approvalId: string,
    decision: ApprovalDecision,
  ): Promise<ExternalResponseDto | null> {
    const target = await this.reads.findApprovalTarget(user.tenantId, approvalId);
    if (!target) return null;
    const state = await this.commands.update<ExternalResponseState>(
      target.workflowId,
      decideExternalResponseUpdate,
      [actorOf(user), decision],
    );
    return this.get(user, state.responseId);
  }

  /** 対応方針の実施状況: the item's leader reports, in a later fiscal year, how the approved response went. */
  async followUp(user: AuthUser, responseId: string, dto: FollowUpDto): Promise<FollowUpResultDto> {
    const row = await this.reads.find(user.tenantId, responseId);
    if (!row) throw notFound(RESPONSE);
    if (row.leaderUserId !== user.id) throw notLeader();
    const problems = followUpProblems(dto.text);
    if (dto.fiscalYear <= row.fiscalYear) {
      problems.push({
        field: 'fiscalYear',
        rule: 'after_round',
        message: {
          ja: `実施状況は外部評価の年度（${row.fiscalYear}年度）より後の年度で報告してください。`,
          en: `Report the follow-up for a fiscal year after the review’s (${row.fiscalYear}).`,
        },
      });
    }
    if (problems.length > 0) {
      throw validationException(problems.map((p) => errorDetail(p.field, p.rule, p.message)));
    }
    if (row.status !== 'approved') {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: '市の対応方針がまだ承認されていません。実施状況は承認後に報告します。',
          en: 'The city’s response has not been approved yet; its follow-up comes after.',
        },
        { code: 'NOT_APPROVED' },
      );
    }
    const { changed } = await this.reads.recordFollowUp(
      user.tenantId,
      responseId,
      { fiscalYear: dto.fiscalYear, text: dto.text },
      ledgerActor(user, ['wg_leader']),
    );
    return { changed, response: await this.get(user, responseId) };
  }

  /** The item's approved responses from rounds before `fiscalYear`: the cycle read carries them. */
  async carriedTo(
    tenantId: string,
    itemId: string,
    fiscalYear: number,
  ): Promise<CarriedExternalResponseDto[]> {
    const rows = await this.reads.approvedBefore(tenantId, itemId, fiscalYear);
    if (rows.length === 0) return [];
    const labels = await this.labels(tenantId);
    return rows.map((row) => mapCarriedResponse(row, labels));
  }
}
