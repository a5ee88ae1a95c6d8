import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  CreateExternalReviewDto,
  ExternalOpinionInputDto,
  ExternalReviewDto,
  ExternalReviewListDto,
  ExternalReviewListQueryDto,
  ExternalRulingInputDto,
} from './external-reviews.dto';
import { ExternalReviewsService } from './external-reviews.service';

const READERS = ['hq_approver', 'hq_admin', 'auditor', 'admin'] as const;

@ApiTags('external-reviews')
@Controller('external-reviews')
export class ExternalReviewsController {
  constructor(private readonly reviews: ExternalReviewsService) {}

  @Post()
  @Endpoint({
    summary: 'Create a review round of the external review committee (外部評価)',
    action: { en: 'create the review round', ja: '外部評価の作成' },
    roles: ['hq_admin'],
    description:
      'The items by hand (itemIds, 1–100 of the city, not removed) or by a filter (select: grade, decision, planId — resolved to ids now); the members (1–30, each holding external_reviewer), the chair (one of them), the due date of the opinions (in the future). Each member is asked for their opinions (external_review.opinion_requested). There is no Idempotency-Key: repeating the request creates another round.',
    created: ExternalReviewDto,
    errors: [[400, 'A field is missing or breaks a rule (named in details, ja and en).']],
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateExternalReviewDto): Promise<ExternalReviewDto> {
    return this.reviews.create(user, dto);
  }

  @Get()
  @Endpoint({
    summary: 'The review rounds (外部評価), newest year first',
    action: { en: 'list the review rounds', ja: '外部評価一覧の取得' },
    roles: READERS,
    externalReviewers: 'scoped',
    description:
      'HQ, auditors and admins see all of the city’s; an external reviewer the rounds they sit on.',
    ok: ExternalReviewListDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ExternalReviewListQueryDto,
  ): Promise<ExternalReviewListDto> {
    return this.reviews.list(user, query.fiscalYear);
  }

  @Get(':reviewId')
  @Endpoint({
    summary: 'One review round: members, items with their rulings, and the opinions the caller may read',
    action: { en: 'read the review round', ja: '外部評価の取得' },
    roles: READERS,
    externalReviewers: 'scoped',
    description:
      'A member reads the other members’ opinions on an item only after giving their own on it (the chair too); HQ, auditors and admins read all. A member of another round gets 403 NOT_MEMBER.',
    ok: ExternalReviewDto,
    errors: [404],
  })
  get(
    @CurrentUser() user: AuthUser,
    @Param('reviewId', UuidParamPipe) reviewId: string,
  ): Promise<ExternalReviewDto> {
    return this.reviews.get(user, reviewId);
  }

  @Post(':reviewId/opinions')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'A member gives their 意見 and proposed result (評価区分（案）) on one item',
    action: { en: 'submit the opinion', ja: '意見の提出' },
    roles: ['external_reviewer'],
    externalReviewers: 'scoped',
    description:
      'Only a member of the round (403 NOT_MEMBER). A second opinion by the same member on the same item REPLACES the first (its revision counts up; the ledger keeps both) until the chair has ruled on the item; after the ruling it is refused (409 ALREADY_RULED).',
    ok: ExternalReviewDto,
    errors: [
      [
        400,
        'An item not in the round (itemId), an empty or too long opinion, a result not in the list (result).',
      ],
      404,
      [409, 'The item has been ruled (ALREADY_RULED).'],
    ],
  })
  submitOpinion(
    @CurrentUser() user: AuthUser,
    @Param('reviewId', UuidParamPipe) reviewId: string,
    @Body() dto: ExternalOpinionInputDto,
  ): Promise<ExternalReviewDto> {
    return this.reviews.submitOpinion(user, reviewId, dto);
  }

  @Post(':reviewId/rulings')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'The chair records the committee’s ruling (委員会の評価) on one item, with its reason',
    action: { en: 'record the ruling', ja: '委員会の評価の記録' },
    roles: ['external_reviewer'],
    externalReviewers: 'scoped',
    description:
      'Only the chair (403 NOT_CHAIR), once per item (409 ALREADY_RULED). It opens the city’s response (市の対応方針) for the item’s leader; the round is ruled when every item is.',
    ok: ExternalReviewDto,
    errors: [
      [
        400,
        'An item not in the round (itemId), a result not in the list (result), an empty or too long reason.',
      ],
      404,
      [409, 'The item has been ruled (ALREADY_RULED).'],
    ],
  })
  recordRuling(
    @CurrentUser() user: AuthUser,
    @Param('reviewId', UuidParamPipe) reviewId: string,
    @Body() dto: ExternalRulingInputDto,
  ): Promise<ExternalReviewDto> {
    return this.reviews.recordRuling(user, reviewId, dto);
  }
}
