import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { ItemDetailDto, ItemListQueryDto, ItemPageDto } from './items.dto';
import { ItemsService } from './items.service';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @Endpoint({
    summary: 'Reform items with their current cycle’s stage and status',
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
    ok: ItemDetailDto,
    errors: [404],
  })
  get(@CurrentUser() user: AuthUser, @Param('itemId', UuidParamPipe) itemId: string): Promise<ItemDetailDto> {
    return this.items.get(user, itemId);
  }
}
