import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  ExternalResponseDto,
  ExternalResponseListQueryDto,
  ExternalResponsePageDto,
  ExternalResponseSubmissionDto,
  FollowUpDto,
  FollowUpResultDto,
} from './external-responses.dto';
import { ExternalResponsesService } from './external-responses.service';

@ApiTags('external-responses')
@Controller('external-responses')
export class ExternalResponsesController {
  constructor(private readonly responses: ExternalResponsesService) {}

  @Get()
  @Endpoint({
    summary: '市の対応方針 (the city’s responses to the external review committee’s rulings)',
    action: { en: 'list the city’s responses', ja: '市の対応方針一覧の取得' },
    description: 'HQ, auditors and admins see the tenant’s; a wg_leader sees the ones of items they lead.',
    ok: ExternalResponsePageDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ExternalResponseListQueryDto,
  ): Promise<ExternalResponsePageDto> {
    return this.responses.list(user, query);
  }

  @Get(':responseId')
  @Endpoint({
    summary: 'One 市の対応方針 with the committee’s ruling, its submission, approval steps and follow-up',
    action: { en: 'read the city’s response', ja: '市の対応方針の取得' },
    ok: ExternalResponseDto,
    errors: [404, [403, 'A wg_leader who is not the item’s leader (NOT_LEADER).']],
  })
  get(
    @CurrentUser() user: AuthUser,
    @Param('responseId', UuidParamPipe) responseId: string,
  ): Promise<ExternalResponseDto> {
    return this.responses.get(user, responseId);
  }

  @Post(':responseId')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'The item’s leader submits the 市の対応方針 (対応方針, 効果見込額, 実施時期)',
    action: { en: 'submit the city’s response', ja: '市の対応方針の提出' },
    roles: ['wg_leader'],
    description:
      'Only the item’s leader (403 NOT_ALLOWED otherwise). It then goes up the city’s approval chain: HQ decides with POST /approvals/{approvalId}/decision.',
    ok: ExternalResponseDto,
    errors: [
      [400, 'A field is unknown or breaks a rule (named in details, ja and en).'],
      404,
      [409, 'Submitted already (WRONG_STAGE).'],
    ],
  })
  submit(
    @CurrentUser() user: AuthUser,
    @Param('responseId', UuidParamPipe) responseId: string,
    @Body() dto: ExternalResponseSubmissionDto,
  ): Promise<ExternalResponseDto> {
    return this.responses.submit(user, responseId, dto);
  }

  @Put(':responseId/follow-up')
  @Endpoint({
    summary: '対応方針の実施状況: the item’s leader reports how the approved response was carried out',
    action: { en: 'report the follow-up of the city’s response', ja: '対応方針の実施状況の報告' },
    roles: ['wg_leader'],
    description:
      'Writes the follow-up and an `external_response.follow_up` ledger entry (before and after) in one transaction; the same text and year again change nothing. HQ reads it on the item’s cycle (externalResponses).',
    ok: FollowUpResultDto,
    errors: [
      [400, 'text empty or over 4000 characters; fiscalYear not after the review’s (named in details).'],
      404,
      [403, 'Not the item’s leader (NOT_LEADER).'],
      [409, 'The response is not approved yet (NOT_APPROVED).'],
    ],
  })
  followUp(
    @CurrentUser() user: AuthUser,
    @Param('responseId', UuidParamPipe) responseId: string,
    @Body() dto: FollowUpDto,
  ): Promise<FollowUpResultDto> {
    return this.responses.followUp(user, responseId, dto);
  }
}
