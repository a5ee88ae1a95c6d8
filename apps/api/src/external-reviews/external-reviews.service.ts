import { randomUUID } from 'node:crypto';
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import {
  type ExternalReviewInput,
  recordExternalRulingUpdate,
  submitExternalOpinionUpdate,
} from '@pdca/contracts';
import type { LocalizedText } from '@pdca/domain';
import { externalReviewResultLabel } from '@pdca/domain/external-review-settings';
import { citySettingsOf, SettingsRepository } from '@pdca/persistence/repositories';
import {
  type ExternalOpinionRow,
  ExternalReviewReadRepository,
  type ExternalReviewRow,
} from '@pdca/persistence/repositories/external-review-read.repository';
import { ExternalReviewStartRepository } from '@pdca/persistence/repositories/external-review-start.repository';
import { startExternalReview } from '@pdca/temporal/external-review-start';
import { itemsOrSelectProblem, unusableItemProblems } from '../common/errors/chosen-items';
import { type ErrorDetail, errorDetail, localized, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { actorOf } from '../cycles/cycles.service';
import { APP_CONFIG } from '../infrastructure/tokens';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import { TemporalClientService } from '../temporal/temporal-client.service';
import type {
  CreateExternalReviewDto,
  ExternalOpinionInputDto,
  ExternalReviewDto,
  ExternalReviewListDto,
  ExternalReviewSummaryDto,
  ExternalRulingInputDto,
} from './external-reviews.dto';

/** Who reads every round and every opinion; an external reviewer reads the rounds they sit on. */
const READS_ALL = ['hq_approver', 'hq_admin', 'auditor', 'admin'];
const REVIEW: LocalizedText = { ja: '外部評価', en: 'the review round' };

function mapSummary(r: ExternalReviewRow): ExternalReviewSummaryDto {
  return {
    id: r.id,
    fiscalYear: r.fiscalYear,
    title: r.title,
    status: r.status,
    chairUserId: r.chairUserId,
    dueAt: r.dueAt.toISOString(),
    overdue: r.overdue,
    itemCount: r.itemCount,
    ruledCount: r.ruledCount,
    memberCount: r.memberCount,
    createdAt: r.createdAt.toISOString(),
  };
}

@Injectable()
export class ExternalReviewsService {
  constructor(
    private readonly reads: ExternalReviewReadRepository,
    private readonly starts: ExternalReviewStartRepository,
    private readonly settings: SettingsRepository,
    private readonly commands: CycleCommandsService,
    private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * HQ creates a round: the items (by hand or by a filter), the members and the chair are checked
   * here (400 naming the field), then the round's workflow starts and answers once it is in
   * PostgreSQL. No Idempotency-Key: a repeated request creates another round.
   */
  async create(user: AuthUser, dto: CreateExternalReviewDto): Promise<ExternalReviewDto> {
    const problems: ErrorDetail[] = [];
    const itemIds = await this.chosenItems(user, dto, problems);
    problems.push(...(await this.memberProblems(user, dto)));
    if (Date.parse(dto.dueAt) <= Date.now()) {
      problems.push(
        errorDetail('dueAt', 'future', {
          ja: '意見の提出期限は未来の日時を指定してください。',
          en: 'The due date must lie in the future.',
        }),
      );
    }
    if (problems.length > 0) throw validationException(problems);
    const started = await this.starts.reviewContext(user.tenantId);
    if (!started) throw notFound(REVIEW);
    const input: ExternalReviewInput = {
      reviewId: randomUUID(),
      tenantId: user.tenantId,
      tenantCode: started.tenantCode,
      fiscalYear: dto.fiscalYear,
      title: dto.title,
      itemIds,
      memberUserIds: dto.memberUserIds,
      chairUserId: dto.chairUserId,
      dueAt: new Date(dto.dueAt).toISOString(),
      createdBy: actorOf(user),
      timeScale: this.config.timeScale,
      context: started.context,
    };
    await startExternalReview(this.temporal.client, this.temporal.taskQueue, input);
    return this.get(user, input.reviewId);
  }

  private async chosenItems(user: AuthUser, dto: CreateExternalReviewDto, problems: ErrorDetail[]) {
    const either = itemsOrSelectProblem(dto.itemIds, dto.select);
    if (either) {
      problems.push(either);
      return [];
    }
    if (dto.select) {
      const ids = await this.starts.itemsChosenBy(user.tenantId, dto.fiscalYear, dto.select);
      if (ids.length === 0 || ids.length > 100) {
        problems.push(
          errorDetail('select', 'item_count', {
            ja: `条件に合う改革項目が${ids.length === 0 ? 'ありません' : '100件を超えています'}。1～100件になるよう指定してください。`,
            en: `The filter chooses ${ids.length === 0 ? 'no item' : 'more than 100 items'}; it must choose 1–100.`,
          }),
        );
      }
      return ids;
    }
    const ids = dto.itemIds!;
    problems.push(...unusableItemProblems(ids, await this.starts.items(user.tenantId, ids)));
    return ids;
  }

  private async memberProblems(user: AuthUser, dto: CreateExternalReviewDto): Promise<ErrorDetail[]> {
    const out: ErrorDetail[] = [];
    const users = new Map((await this.starts.users(user.tenantId, dto.memberUserIds)).map((u) => [u.id, u]));
    dto.memberUserIds.forEach((id, i) => {
      const member = users.get(id);
      if (!member?.roles.includes('external_reviewer')) {
        out.push(
          errorDetail(`memberUserIds[${i}]`, member ? 'external_reviewer_role' : 'unknown_user', {
            ja: member
              ? `${member.displayName}さんは外部評価委員（external_reviewer）のロールを持っていません。`
              : 'この自治体の利用者を指定してください。',
            en: member
              ? `${member.displayName} does not hold the external_reviewer role.`
              : 'Name a user of your city.',
          }),
        );
      }
    });
    if (!dto.memberUserIds.includes(dto.chairUserId)) {
      out.push(
        errorDetail('chairUserId', 'member', {
          ja: '委員長は委員の中から指定してください。',
          en: 'The chair must be one of the members.',
        }),
      );
    }
    return out;
  }

  async list(user: AuthUser, fiscalYear?: number): Promise<ExternalReviewListDto> {
    const rows = await this.reads.list(user.tenantId, {
      fiscalYear,
      memberUserId: this.readsAll(user) ? undefined : user.id,
    });
    return { reviews: rows.map(mapSummary) };
  }

  private readsAll(user: AuthUser): boolean {
    return user.roles.some((r) => READS_ALL.includes(r));
  }

  /** The round with its members, items and the opinions the caller may read (see ExternalReviewItemDto). */
  async get(user: AuthUser, reviewId: string): Promise<ExternalReviewDto> {
    const row = await this.reads.find(user.tenantId, reviewId);
    if (!row) throw notFound(REVIEW);
    const [members, items, opinions, stored] = await Promise.all([
      this.reads.members(user.tenantId, reviewId),
      this.reads.items(user.tenantId, reviewId, row.fiscalYear),
      this.reads.opinions(user.tenantId, reviewId),
      this.settings.read(user.tenantId, null),
    ]);
    const readsAll = this.readsAll(user);
    if (!readsAll && !members.some((m) => m.userId === user.id)) {
      throw new ForbiddenException(
        localized(
          { ja: 'この外部評価の委員ではありません。', en: 'You do not sit on this review round.' },
          { code: 'NOT_MEMBER' },
        ),
      );
    }
    const { results } = citySettingsOf(stored.tenantSettings).externalReview;
    const mapOpinion = (o: ExternalOpinionRow) => ({
      memberUserId: o.memberUserId,
      memberName: o.memberName,
      opinion: o.opinion,
      result: o.result,
      resultLabel: externalReviewResultLabel(results, o.result),
      revision: o.revision,
      submittedAt: o.updatedAt.toISOString(),
    });
    return {
      ...mapSummary(row),
      members: members.map((m) => ({ ...m, chair: m.userId === row.chairUserId })),
      results: results.map((r) => ({ ...r, label: { ...r.label } })),
      items: items.map((i) => {
        const onItem = opinions.filter((o) => o.itemId === i.itemId);
        const given = onItem.some((o) => o.memberUserId === user.id);
        // A member reads the others' opinions on an item only once they have given their own.
        const visible = readsAll || given ? onItem : [];
        return {
          itemId: i.itemId,
          position: i.position,
          code: i.code,
          title: i.title,
          grade: i.grade,
          decision: i.decision,
          ruling:
            i.rulingResult && i.ruledBy && i.ruledAt
              ? {
                  result: i.rulingResult,
                  resultLabel: externalReviewResultLabel(results, i.rulingResult),
                  reason: i.rulingReason ?? '',
                  ruledBy: i.ruledBy,
                  ruledAt: i.ruledAt.toISOString(),
                }
              : null,
          responseId: i.responseId,
          responseStatus: i.responseStatus,
          opinionGiven: given,
          opinions: visible.map(mapOpinion),
          opinionCount: onItem.length,
        };
      }),
    };
  }

  private async workflowOf(user: AuthUser, reviewId: string): Promise<string> {
    const row = await this.reads.find(user.tenantId, reviewId);
    if (!row) throw notFound(REVIEW);
    return row.workflowId;
  }

  /** A member's opinion; the workflow decides who may and what (403 NOT_MEMBER, 400, 409 ALREADY_RULED). */
  async submitOpinion(
    user: AuthUser,
    reviewId: string,
    dto: ExternalOpinionInputDto,
  ): Promise<ExternalReviewDto> {
    const workflowId = await this.workflowOf(user, reviewId);
    await this.commands.update(workflowId, submitExternalOpinionUpdate, [
      actorOf(user),
      { itemId: dto.itemId, opinion: dto.opinion, result: dto.result },
    ]);
    return this.get(user, reviewId);
  }

  /** The chair's ruling (403 NOT_CHAIR, 400, 409 ALREADY_RULED); it starts the city's response. */
  async recordRuling(
    user: AuthUser,
    reviewId: string,
    dto: ExternalRulingInputDto,
  ): Promise<ExternalReviewDto> {
    const workflowId = await this.workflowOf(user, reviewId);
    await this.commands.update(workflowId, recordExternalRulingUpdate, [
      actorOf(user),
      { itemId: dto.itemId, result: dto.result, reason: dto.reason },
    ]);
    return this.get(user, reviewId);
  }
}
