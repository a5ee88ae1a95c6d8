import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { ItemCostsDto } from './item-costs.dto';
import { ItemCostsService } from './item-costs.service';

@ApiTags('items')
@Controller('items')
export class ItemCostsController {
  constructor(private readonly costs: ItemCostsService) {}

  @Get(':itemId/costs')
  @Endpoint({
    summary:
      'The item’s costs per fiscal year: 事業費, 人工, 人件費, フルコスト and 財源内訳 (見込 and 実績)',
    action: { en: 'load the item’s costs', ja: '改革項目の費用の取得' },
    externalReviewers: { item: 'itemId' },
    description: [
      '見込 (estimate) comes from the PLAN submission’s `costs` (or the plan import), 実績 (actual) from the',
      'CHECK evaluation’s `costs`. 人件費 = round(人工 × 人件費単価) with the unit cost in force when the row',
      'was written (kept in `unitCost`); フルコスト = 事業費 + 人件費. Also the item’s 事業区分.',
    ].join(' '),
    ok: ItemCostsDto,
    errors: [404],
  })
  get(@CurrentUser() user: AuthUser, @Param('itemId', UuidParamPipe) itemId: string): Promise<ItemCostsDto> {
    return this.costs.get(user, itemId);
  }
}
