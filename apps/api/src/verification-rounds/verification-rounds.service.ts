import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ForbiddenException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import {
  type ApprovalDecision,
  decideVerificationUpdate,
  submitVerificationFindingsUpdate,
  type VerificationInput,
} from '@pdca/contracts';
import { type DecisionSetting, findDecision, type LocalizedText } from '@pdca/domain';
import {
  VERIFICATION_ITEM_STATUS_LABELS,
  VERIFICATION_MAX_ITEMS,
  VERIFICATION_STATUS_LABELS,
  type VerificationFindingsInput,
} from '@pdca/domain/business-verification';
import { citySettingsOf, SettingsRepository } from '@pdca/persistence/repositories';
import {
  type VerificationItemRow,
  VerificationReadRepository,
  type VerificationRoundRow,
} from '@pdca/persistence/repositories/verification-read.repository';
import {
  RoundOpeningBusyError,
  VerificationStartRepository,
} from '@pdca/persistence/repositories/verification-start.repository';
import { verificationResultsTitle, writeVerificationResultsXlsx } from '@pdca/reports/verification-results';
import { startVerificationRound } from '@pdca/temporal/verification-start';
import { itemsOrSelectProblem, unusableItemProblems } from '../common/errors/chosen-items';
import {
  apiError,
  type ErrorDetail,
  errorDetail,
  localized,
  notFound,
} from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { actorOf } from '../cycles/cycles.service';
import { APP_CONFIG } from '../infrastructure/tokens';
import { XLSX_TYPE } from '../plan-editions/edition-files';
import { mapPolicyApproval } from '../policy-evaluations/policy-evaluation-detail.dto';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import { TemporalClientService } from '../temporal/temporal-client.service';
import type {
  CreateVerificationRoundDto,
  VerificationFindingsDto,
  VerificationResultsQueryDto,
  VerificationRoundDto,
  VerificationRoundListDto,
  VerificationRoundSummaryDto,
  VerificationSubmissionDto,
} from './verification-rounds.dto';

/** Who reads every round; a team member reads the rounds they are on. */
export const VERIFICATION_READS_ALL = ['hq_approver', 'hq_admin', 'auditor', 'admin'];
const ROUND: LocalizedText = { ja: '事業検証', en: 'the verification round' };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function mapSummary(r: VerificationRoundRow): VerificationRoundSummaryDto {
  return {
    id: r.id,
    fiscalYear: r.fiscalYear,
    title: r.title,
    status: r.status,
    statusLabel: VERIFICATION_STATUS_LABELS[r.status],
    findingsDueAt: r.findingsDueAt.toISOString(),
    decisionDueAt: r.decisionDueAt.toISOString(),
    overdue: r.overdue,
    itemCount: r.itemCount,
    decidedCount: r.decidedCount,
    carriedOverCount: r.carriedOverCount,
    createdAt: r.createdAt.toISOString(),
    decidedAt: iso(r.decidedAt),
  };
}

/** The label of a decision code in the city's list (null: none given or no longer in the list). */
export function decisionLabelOf(decisions: readonly DecisionSetting[], code: string | null | undefined) {
  return code ? (findDecision({ decisions }, code)?.label ?? null) : null;
}

function mapSubmission(
  s: VerificationFindingsInput | null,
  decisions: readonly DecisionSetting[],
): VerificationSubmissionDto | null {
  if (!s) return null;
  return {
    findings: s.findings,
    decision: s.decision,
    decisionLabel: decisionLabelOf(decisions, s.decision),
    budgetProposal: s.budgetProposal ?? null,
    returnAnswer: s.returnAnswer ?? null,
  };
}

/** Another round of the city was still being opened after the lock timeout: nothing was opened. */
function roundOpeningBusy() {
  return apiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    {
      ja: '別の事業検証を開始する処理が続いているため、開始していません。しばらくしてから再度お試しください。',
      en: 'Another 事業検証 round of this city is still being opened; this one was not opened. Try again shortly.',
    },
    { code: 'ROUND_OPENING_BUSY', retryAfterSeconds: 5 },
  );
}

@Injectable()
export class VerificationRoundsService {
  constructor(
    private readonly reads: VerificationReadRepository,
    private readonly starts: VerificationStartRepository,
    private readonly settings: SettingsRepository,
    private readonly commands: CycleCommandsService,
    private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * HQ opens a round: the items (the undecided ones carried over from earlier rounds first, then
   * by hand or by criteria) and the team are checked here (400 naming the field), then the round's
   * workflow starts and answers once it is in PostgreSQL. No Idempotency-Key: a repeated request
   * opens another round (carried-over items go only into the first).
   */
  async create(user: AuthUser, dto: CreateVerificationRoundDto): Promise<VerificationRoundDto> {
    const problems: ErrorDetail[] = [];
    const chosen = await this.chosenItems(user, dto, problems);
    problems.push(...(await this.teamProblems(user, dto.teamUserIds)));
    const findingsDue = Date.parse(dto.findingsDueAt);
    if (findingsDue <= Date.now()) {
      problems.push(
        errorDetail('findingsDueAt', 'future', {
          ja: '検証結果の入力期限は未来の日時を指定してください。',
          en: 'The findings’ due date must lie in the future.',
        }),
      );
    }
    if (Date.parse(dto.decisionDueAt) < findingsDue) {
      problems.push(
        errorDetail('decisionDueAt', 'after_findings', {
          ja: '本部の決定の期限は、検証結果の入力期限以降の日時を指定してください。',
          en: 'HQ’s decisions cannot be due before the findings.',
        }),
      );
    }
    if (problems.length > 0) throw validationException(problems);
    try {
      return await this.starts.oneOpeningAtATime(user.tenantId, () => this.open(user, dto, chosen));
    } catch (err) {
      if (err instanceof RoundOpeningBusyError) throw roundOpeningBusy();
      throw err;
    }
  }

  /** Takes the carried-over items and starts the round; one opening of a tenant at a time (create). */
  private async open(
    user: AuthUser,
    dto: CreateVerificationRoundDto,
    chosen: string[],
  ): Promise<VerificationRoundDto> {
    const started = await this.starts.roundContext(user.tenantId);
    if (!started) throw notFound(ROUND);
    const items = await this.starts.roundItems(user.tenantId, dto.fiscalYear, chosen, randomUUID);
    if (items.length === 0 || items.length > VERIFICATION_MAX_ITEMS) {
      throw validationException([
        errorDetail(dto.select ? 'select' : 'itemIds', 'item_count', {
          ja: `対象の改革項目が${items.length === 0 ? 'ありません' : `${VERIFICATION_MAX_ITEMS}件を超えています`}（前年度から持ち越した方向性未決定の項目を含む）。1～${VERIFICATION_MAX_ITEMS}件になるよう指定してください。`,
          en: `The round would hold ${items.length === 0 ? 'no item' : `more than ${VERIFICATION_MAX_ITEMS} items`} (undecided items carried over included); it must hold 1–${VERIFICATION_MAX_ITEMS}.`,
        }),
      ]);
    }
    const input: VerificationInput = {
      roundId: randomUUID(),
      tenantId: user.tenantId,
      tenantCode: started.tenantCode,
      fiscalYear: dto.fiscalYear,
      title: dto.title,
      criteria: dto.select ? { select: { ...dto.select } } : { itemIds: chosen },
      items,
      teamUserIds: dto.teamUserIds,
      findingsDueAt: new Date(dto.findingsDueAt).toISOString(),
      decisionDueAt: new Date(dto.decisionDueAt).toISOString(),
      createdBy: actorOf(user),
      timeScale: this.config.timeScale,
      context: started.context,
    };
    await startVerificationRound(this.temporal.client, this.temporal.taskQueue, input);
    return this.get(user, input.roundId);
  }

  private async chosenItems(
    user: AuthUser,
    dto: CreateVerificationRoundDto,
    problems: ErrorDetail[],
  ): Promise<string[]> {
    const either = itemsOrSelectProblem(dto.itemIds, dto.select);
    if (either) {
      problems.push(either);
      return [];
    }
    if (dto.select) {
      const s = dto.select;
      if (!s.projectKind && !s.grade && s.minFullCost == null && !s.planId) {
        problems.push(
          errorDetail('select', 'a_condition', {
            ja: '選定の条件（事業区分・評価・フルコスト・計画）を1つ以上指定してください。',
            en: 'Give at least one condition (projectKind, grade, minFullCost, planId).',
          }),
        );
        return [];
      }
      const ids = await this.starts.itemsChosenBy(user.tenantId, dto.fiscalYear, {
        ...(s.projectKind ? { projectKind: s.projectKind } : {}),
        ...(s.grade ? { grade: s.grade } : {}),
        ...(s.minFullCost != null ? { minFullCost: s.minFullCost } : {}),
        ...(s.planId ? { planId: s.planId } : {}),
      });
      if (ids.length > VERIFICATION_MAX_ITEMS) {
        problems.push(
          errorDetail('select', 'item_count', {
            ja: `条件に合う改革項目が${VERIFICATION_MAX_ITEMS}件を超えています。条件を絞ってください。`,
            en: `The criteria choose more than ${VERIFICATION_MAX_ITEMS} items; narrow them.`,
          }),
        );
      }
      return ids;
    }
    const ids = dto.itemIds!;
    problems.push(...unusableItemProblems(ids, await this.starts.items(user.tenantId, ids)));
    return ids;
  }

  private async teamProblems(user: AuthUser, teamUserIds: string[]): Promise<ErrorDetail[]> {
    const users = new Map((await this.starts.users(user.tenantId, teamUserIds)).map((u) => [u.id, u]));
    const out: ErrorDetail[] = [];
    teamUserIds.forEach((id, i) => {
      const member = users.get(id);
      if (!member || member.roles.includes('external_reviewer')) {
        out.push(
          errorDetail(`teamUserIds[${i}]`, member ? 'not_external_reviewer' : 'unknown_user', {
            ja: member
              ? `${member.displayName}さんは外部評価委員のため、検証チームに入れません。`
              : 'この自治体の利用者を指定してください。',
            en: member
              ? `${member.displayName} is an external reviewer and cannot sit on the verification team.`
              : 'Name a user of your city.',
          }),
        );
      }
    });
    return out;
  }

  private readsAll(user: AuthUser): boolean {
    return user.roles.some((r) => VERIFICATION_READS_ALL.includes(r));
  }

  async list(user: AuthUser, fiscalYear?: number): Promise<VerificationRoundListDto> {
    const rows = await this.reads.list(user.tenantId, {
      fiscalYear,
      teamUserId: this.readsAll(user) ? undefined : user.id,
    });
    return { rounds: rows.map(mapSummary) };
  }

  private async decisions(tenantId: string): Promise<DecisionSetting[]> {
    const stored = await this.settings.read(tenantId, null);
    return [...citySettingsOf(stored.tenantSettings).decisions];
  }

  /** The round with its team, items (with last year's findings when carried over) and each item's chain. */
  async get(user: AuthUser, roundId: string): Promise<VerificationRoundDto> {
    const row = await this.reads.find(user.tenantId, roundId);
    if (!row) throw notFound(ROUND);
    const [team, items, decisions] = await Promise.all([
      this.reads.team(user.tenantId, roundId),
      this.reads.items(user.tenantId, roundId),
      this.decisions(user.tenantId),
    ]);
    if (!this.readsAll(user) && !team.some((m) => m.userId === user.id)) {
      throw new ForbiddenException(
        localized(
          {
            ja: 'この事業検証の検証チームではありません。',
            en: 'You are not on this round’s verification team.',
          },
          { code: 'NOT_TEAM_MEMBER' },
        ),
      );
    }
    const approvals = await this.reads.approvalsOf(
      user.tenantId,
      items.map((i) => i.id),
    );
    return {
      ...mapSummary(row),
      criteria: row.criteria,
      team,
      decisions: [...decisions]
        .sort((a, b) => a.order - b.order)
        .map((d) => ({
          code: d.code,
          label: { ...d.label },
          carriesOver: d.carriesOver,
          budgetRule: d.budgetRule,
        })),
      items: items.map((i) => this.mapItem(i, decisions, approvals)),
    };
  }

  private mapItem(
    i: VerificationItemRow,
    decisions: readonly DecisionSetting[],
    approvals: Awaited<ReturnType<VerificationReadRepository['approvalsOf']>>,
  ) {
    const from = i.carriedFrom;
    return {
      id: i.id,
      itemId: i.itemId,
      code: i.code,
      title: i.title,
      projectKind: i.projectKind,
      position: i.position,
      currentAmount: i.currentAmount,
      status: i.status,
      statusLabel: VERIFICATION_ITEM_STATUS_LABELS[i.status],
      round: i.round,
      submission: mapSubmission(i.submission, decisions),
      submittedBy: i.submittedBy,
      submittedByName: i.submittedByName,
      submittedAt: iso(i.submittedAt),
      decision: i.decision,
      decisionLabel: decisionLabelOf(decisions, i.decision),
      carriesOver: i.carriesOver,
      approvedAt: iso(i.approvedAt),
      reflection: i.reflection,
      carriedFrom: from
        ? {
            verificationItemId: from.verificationItemId,
            roundId: from.roundId,
            roundTitle: from.roundTitle,
            fiscalYear: from.fiscalYear,
            submission: mapSubmission(from.submission, decisions),
            decision: from.decision,
            decisionLabel: decisionLabelOf(decisions, from.decision),
            approvedAt: iso(from.approvedAt),
          }
        : null,
      approvals: approvals.filter((a) => a.verificationItemId === i.id).map(mapPolicyApproval),
    };
  }

  /** 事業検証結果: every item of the year's rounds, one row each (at most 1,000), as .xlsx. */
  async resultsXlsx(user: AuthUser, query: VerificationResultsQueryDto, res: ServerResponse): Promise<void> {
    const lang = query.lang ?? 'ja';
    const [rows, decisions] = await Promise.all([
      this.reads.itemsOfYear(user.tenantId, query.fiscalYear),
      this.decisions(user.tenantId),
    ]);
    const title = `${verificationResultsTitle(query.fiscalYear, lang)}.xlsx`;
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="verification-results-${query.fiscalYear}.xlsx"; filename*=UTF-8''${encodeURIComponent(title)}`,
    );
    res.setHeader('Content-Type', XLSX_TYPE);
    await writeVerificationResultsXlsx(rows, { fiscalYear: query.fiscalYear, lang, decisions }, res);
  }

  private async workflowOf(user: AuthUser, roundId: string): Promise<string> {
    const row = await this.reads.find(user.tenantId, roundId);
    if (!row) throw notFound(ROUND);
    return row.workflowId;
  }

  /** The team's 検証結果 and 方向性 on one item; the workflow decides who may and what (403, 400, 409). */
  async submitFindings(
    user: AuthUser,
    roundId: string,
    dto: VerificationFindingsDto,
  ): Promise<VerificationRoundDto> {
    const workflowId = await this.workflowOf(user, roundId);
    await this.commands.update(workflowId, submitVerificationFindingsUpdate, [
      actorOf(user),
      {
        itemId: dto.itemId,
        findings: dto.findings,
        decision: dto.decision,
        ...(dto.budgetProposal != null ? { budgetProposal: dto.budgetProposal } : {}),
        ...(dto.returnAnswer !== undefined ? { returnAnswer: dto.returnAnswer } : {}),
      },
    ]);
    return this.get(user, roundId);
  }

  /** HQ's decision on a step of this round's chain (404 for a step of another round or none). */
  async decideInRound(
    user: AuthUser,
    roundId: string,
    decision: ApprovalDecision,
  ): Promise<VerificationRoundDto> {
    const workflowId = await this.workflowOf(user, roundId);
    const target = await this.reads.findApprovalTarget(user.tenantId, decision.approvalId);
    if (target?.workflowId !== workflowId) throw notFound({ ja: '承認依頼', en: 'the approval' });
    await this.commands.update(workflowId, decideVerificationUpdate, [actorOf(user), decision]);
    return this.get(user, roundId);
  }

  /**
   * HQ's decision on a step of a round's chain (also reached from POST /approvals/{id}/decision);
   * null when the step is not a verification's.
   */
  async decide(
    user: AuthUser,
    approvalId: string,
    decision: ApprovalDecision,
  ): Promise<VerificationRoundDto | null> {
    const target = await this.reads.findApprovalTarget(user.tenantId, approvalId);
    if (!target) return null;
    const state = await this.commands.update(target.workflowId, decideVerificationUpdate, [
      actorOf(user),
      decision,
    ]);
    return this.get(user, state.roundId);
  }
}

/** A step of a round's chain in HQ's approval inbox (`submissionKind` "verification", the item's fields set). */
export function verificationApprovalEntry(
  a: Awaited<ReturnType<VerificationReadRepository['listApprovals']>>[number],
) {
  const v = a.verification;
  return {
    ...mapPolicyApproval(a),
    stage: null,
    submissionKind: 'verification',
    rating: null,
    cycleId: null,
    itemId: v.itemId,
    itemCode: v.code,
    itemTitle: v.title,
    cycleStage: null,
    cycleStatus: null,
    fiscalYear: v.fiscalYear,
    policyEvaluationId: null,
    node: null,
    verificationRoundId: v.roundId,
  };
}
