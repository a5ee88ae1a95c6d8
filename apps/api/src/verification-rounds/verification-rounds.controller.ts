import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { COMMANDS } from '@pdca/contracts';
import { IsUUID } from 'class-validator';
import { ApprovalDecisionDto } from '../approvals/approvals.dto';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  CreateVerificationRoundDto,
  VerificationFindingsDto,
  VerificationListQueryDto,
  VerificationResultsQueryDto,
  VerificationRoundDto,
  VerificationRoundListDto,
} from './verification-rounds.dto';
import { VerificationRoundsService } from './verification-rounds.service';

/** HQ, auditors and admins read every round; a team member (any of the city's roles) the rounds they are on. */
const READERS = ['wg_leader', 'hq_approver', 'hq_admin', 'auditor', 'admin'] as const;
const TEAM = ['wg_leader', 'hq_approver', 'hq_admin', 'admin'] as const;

export class VerificationDecisionDto extends ApprovalDecisionDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The pending step of an item’s chain (the round’s GET lists them).',
  })
  @IsUUID('all')
  approvalId: string;
}

@ApiTags('verification-rounds')
@Controller('verification-rounds')
export class VerificationRoundsController {
  constructor(private readonly rounds: VerificationRoundsService) {}

  @Post()
  @Endpoint({
    summary: 'Open a 事業検証 round for a fiscal year',
    action: { en: 'open the verification round', ja: '事業検証の開始' },
    roles: ['hq_admin'],
    description:
      'The items: those HQ left 方向性未決定 in an earlier round and no round has taken since come first, with their history; then by hand (itemIds, up to 100 of the city, not removed) or by criteria (select: projectKind 事業区分, grade, minFullCost フルコスト, planId — resolved to ids now); 1–100 in all. The 検証チーム (1–30 users of the city, no external reviewers), the findings’ due date (in the future) and HQ’s (not before it). The team is asked for its findings (verification.findings_requested). No Idempotency-Key: repeating the request opens another round. A city’s rounds are opened one at a time (a carried-over item goes into one round only); a request waits for another being opened, up to 5 s.',
    created: VerificationRoundDto,
    errors: [
      [400, 'A field is missing or breaks a rule (named in details, ja and en).'],
      [
        503,
        'ROUND_OPENING_BUSY: another round of the city was still being opened after 5 s; nothing was opened (Retry-After).',
      ],
    ],
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateVerificationRoundDto,
  ): Promise<VerificationRoundDto> {
    return this.rounds.create(user, dto);
  }

  @Get()
  @Endpoint({
    summary: 'The 事業検証 rounds, newest year first (at most 200)',
    action: { en: 'list the verification rounds', ja: '事業検証一覧の取得' },
    roles: READERS,
    description:
      'HQ, auditors and admins see all of the city’s; anyone else the rounds they are on the team of.',
    ok: VerificationRoundListDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: VerificationListQueryDto,
  ): Promise<VerificationRoundListDto> {
    return this.rounds.list(user, query.fiscalYear);
  }

  // Before ':roundId', which would take 'results' for an id.
  @Get('results')
  @Endpoint({
    summary: '事業検証結果 of a fiscal year as Excel (.xlsx), for publication',
    action: { en: 'export the verification results', ja: '事業検証結果の出力' },
    roles: ['hq_approver', 'hq_admin', 'auditor', 'admin'],
    description:
      'One sheet, one header row in `lang`, one row per item of the year’s rounds (at most 1,000): 事業検証, 項目コード, 改革項目, 事業区分, 前年度からの持ち越し, 検証結果, 今後の方向性（検証チーム）, 本部の決定, 状況, 予算額, 予算への反映額 and the budget year it goes into.',
    ok: {
      description: 'The file (Content-Disposition: attachment).',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
      },
    },
    errors: [400],
  })
  async results(
    @CurrentUser() user: AuthUser,
    @Query() query: VerificationResultsQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await this.rounds.resultsXlsx(user, query, res);
  }

  @Get(':roundId')
  @Endpoint({
    summary:
      'One 事業検証 round: the team, each item’s 検証結果, 方向性, 本部の決定 and budget effect, last year’s findings of a carried-over item',
    action: { en: 'read the verification round', ja: '事業検証の取得' },
    roles: READERS,
    description: 'Someone not on the team who is not HQ, an auditor or an admin gets 403 NOT_TEAM_MEMBER.',
    ok: VerificationRoundDto,
    errors: [404],
  })
  get(
    @CurrentUser() user: AuthUser,
    @Param('roundId', UuidParamPipe) roundId: string,
  ): Promise<VerificationRoundDto> {
    return this.rounds.get(user, roundId);
  }

  @Post(':roundId/findings')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'The 検証チーム records 検証結果 and 方向性 on one item',
    action: { en: 'submit the findings', ja: '検証結果の提出' },
    roles: TEAM,
    description:
      'Only a member of the round’s team (403 NOT_TEAM_MEMBER). 検証結果 1–4000 characters; 方向性 a code of the city’s decision list (a carriesOver one leaves the item 方向性未決定 for next year’s round); budgetProposal by the decision’s budget rule against the item’s budget of the round’s year, as an Act decision’s. It opens HQ’s approval chain on the item (the approval inbox). Once submitted, 409 until HQ returns it; after a return the team submits again, with returnAnswer.',
    ok: VerificationRoundDto,
    errors: [
      [
        400,
        'An item not in the round (itemId), an empty findings, a decision not in the list, a budgetProposal against its rule.',
      ],
      404,
      [409, 'The findings on the item are awaiting or past HQ’s decision (WRONG_STAGE).'],
    ],
  })
  submitFindings(
    @CurrentUser() user: AuthUser,
    @Param('roundId', UuidParamPipe) roundId: string,
    @Body() dto: VerificationFindingsDto,
  ): Promise<VerificationRoundDto> {
    return this.rounds.submitFindings(user, roundId, dto);
  }

  @Post(':roundId/decisions')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'HQ approves or returns the findings on one item (本部の決定), one step of the approval chain',
    action: { en: 'record the decision', ja: '本部の決定の登録' },
    roles: COMMANDS.decide.roles,
    description:
      'The same as POST /approvals/{approvalId}/decision for a step of this round: the city’s approval policy, steps in order, nobody decides their own findings (403 OWN_SUBMISSION), a return needs a comment. The last step’s approval is HQ’s decision: its budget effect goes into the budget under formulation (budget_reflections, origin verification) — the next fiscal year’s while its formulation window is open, else the first whose window has not closed.',
    ok: VerificationRoundDto,
    errors: [400, 404, [409, 'The step has been decided already (NOT_PENDING).']],
  })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('roundId', UuidParamPipe) roundId: string,
    @Body() dto: VerificationDecisionDto,
  ): Promise<VerificationRoundDto> {
    return this.rounds.decideInRound(user, roundId, {
      approvalId: dto.approvalId,
      decision: dto.decision,
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
    });
  }
}
