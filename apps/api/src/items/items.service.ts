import { Injectable } from '@nestjs/common';
import { ItemRepository, PlanRepository } from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import {
  type ItemDetailDto,
  type ItemListQueryDto,
  type ItemPageDto,
  mapItemDetail,
  mapItemSummary,
} from './items.dto';

export const ITEM = { en: 'the reform item', ja: '改革項目' };

@Injectable()
export class ItemsService {
  constructor(
    private readonly items: ItemRepository,
    private readonly plans: PlanRepository,
  ) {}

  async list(user: AuthUser, query: ItemListQueryDto): Promise<ItemPageDto> {
    return loadPage(
      query,
      (window) =>
        this.items.list({
          tenantId: user.tenantId,
          stage: query.stage,
          status: query.status,
          fiscalYear: query.fiscalYear,
          memberUserId: query.mine ? user.id : undefined,
          includeRemoved: query.includeRemoved,
          ...window,
        }),
      mapItemSummary,
    );
  }

  async get(user: AuthUser, itemId: string): Promise<ItemDetailDto> {
    const item = await this.items.findDetail(user.tenantId, itemId);
    if (!item) throw notFound(ITEM);
    const path = item.themeId ? await this.plans.nodePath(user.tenantId, item.themeId) : [];
    return mapItemDetail(
      item,
      path.map((node) => ({ id: node.id, kind: node.kind, code: node.code, title: node.title })),
    );
  }
}
