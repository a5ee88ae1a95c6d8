import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ITEM_COMMANDS } from '@pdca/contracts';
import { CurrentUser, Endpoint, PreferredLanguage } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { ItemRemovalService } from './item-removal.service';
import {
  ItemDetailDto,
  ItemListQueryDto,
  ItemPageDto,
  ItemRemovalResultDto,
  RemoveItemDto,
} from './items.dto';
import { ItemsService } from './items.service';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(
    private readonly items: ItemsService,
    private readonly removals: ItemRemovalService,
  ) {}

  @Get()
  @Endpoint({
    summary: 'Reform items with their current cycle’s stage and status (removed items only on request)',
    action: { en: 'list the reform items', ja: '改革項目一覧の取得' },
    ok: ItemPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ItemListQueryDto): Promise<ItemPageDto> {
    return this.items.list(user, query);
  }

  @Get(':itemId')
  @Endpoint({
    summary: 'One reform item: indicators, plan path and current cycle',
    action: { en: 'load the reform item', ja: '改革項目の取得' },
    externalReviewers: { item: 'itemId' },
    ok: ItemDetailDto,
    errors: [404],
  })
  get(@CurrentUser() user: AuthUser, @Param('itemId', UuidParamPipe) itemId: string): Promise<ItemDetailDto> {
    return this.items.get(user, itemId);
  }

  @Post(':itemId/removal')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Remove the item from its plan, with a reason; its running cycles are withdrawn',
    action: ITEM_COMMANDS.removeItem.action,
    roles: ITEM_COMMANDS.removeItem.roles,
    description: [
      'Marks the item removed and writes one `item.removed` ledger entry (the reason as comment) in one',
      'transaction, then withdraws every running cycle of the item with that reason (each records',
      '`cycle.withdrawn`). The item stays readable (GET shows `removal`, its history is kept); item lists',
      'leave it out unless `includeRemoved=true`; no cycle opens for it any more. Safe to repeat: a repeat',
      'writes nothing, keeps the first reason, answers the same and retries the cycles in `cyclesFailed`.',
    ].join(' '),
    ok: ItemRemovalResultDto,
    errors: [[400, 'No reason, or a reason over 1000 characters: `details` names `reason`.'], 404],
  })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
    @Body() dto: RemoveItemDto,
    @PreferredLanguage() language: 'ja' | 'en',
  ): Promise<ItemRemovalResultDto> {
    return this.removals.remove(user, itemId, dto, language);
  }
}
