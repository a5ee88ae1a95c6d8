import { Injectable } from '@nestjs/common';
import { ItemCostsRepository } from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { ITEM } from '../items/items.service';
import { type ItemCostsDto, mapItemCosts } from './item-costs.dto';

@Injectable()
export class ItemCostsService {
  constructor(private readonly costs: ItemCostsRepository) {}

  async get(user: AuthUser, itemId: string): Promise<ItemCostsDto> {
    const item = await this.costs.projectKindOf(user.tenantId, itemId);
    if (!item) throw notFound(ITEM);
    const [rows, unitCost] = await Promise.all([
      this.costs.ofItem(user.tenantId, itemId),
      this.costs.staffUnitCost(user.tenantId),
    ]);
    return mapItemCosts(itemId, item.projectKind, unitCost, rows);
  }
}
