import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { ErrorResponseDto } from '../common/http/error-response.dto';
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
  })
  @ApiOkResponse({ type: ItemPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ItemListQueryDto): Promise<ItemPageDto> {
    return this.items.list(user, query);
  }

  @Get(':itemId')
  @Endpoint({
    summary: 'One reform item: indicators, plan path and current cycle',
    action: { en: 'load the reform item', ja: '改革項目の取得' },
  })
  @ApiOkResponse({ type: ItemDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('itemId', UuidParamPipe) itemId: string): Promise<ItemDetailDto> {
    return this.items.get(user, itemId);
  }
}
