/**
 * Plan rows (and working groups) for tests that need a plan without importing a file (the product
 * writes plans only through the import, libs/plan-import/src/store): inserted as the entities, with
 * defaults.
 */

import {
  IndicatorEntity,
  ItemEntity,
  PlanEntity,
  PlanNodeEntity,
  WorkingGroupEntity,
} from '@pdca/persistence';
import type { DataSource, DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';

export interface NewWorkingGroup {
  tenantId: string;
  name: string;
  leaderUserId: string | null;
  memberUserIds?: string[];
}

export interface NewPlan {
  tenantId: string;
  title: string;
  periodStartFy?: number | null;
  periodEndFy?: number | null;
  source?: Record<string, unknown>;
}

export interface NewPlanNode {
  tenantId: string;
  planId: string;
  parentId?: string | null;
  kind: 'goal' | 'theme';
  code: string;
  title: string;
  sort?: number;
}

export interface NewItem {
  tenantId: string;
  planId: string;
  themeId?: string | null;
  code: string;
  title: string;
  summary?: string;
  workingGroupId?: string | null;
  reviewCadence?: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | null;
  budgetCurrentAmount?: number;
  sort?: number;
}

export interface NewIndicator {
  tenantId: string;
  itemId: string;
  name: string;
  unit?: string;
  baseline?: number | null;
  direction?: 'higher_is_better' | 'lower_is_better';
  targets?: Record<string, number>;
  sort?: number;
}

/** Saves one row of `entity`. */
function insert<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  values: DeepPartial<E>,
): Promise<E> {
  const repository = db.getRepository(entity);
  return repository.save(repository.create(values));
}

export function insertPlan(db: DataSource, input: NewPlan): Promise<PlanEntity> {
  const { periodStartFy = null, periodEndFy = null, source = {} } = input;
  return insert(db, PlanEntity, { ...input, periodStartFy, periodEndFy, source });
}

export function insertPlanNode(db: DataSource, input: NewPlanNode): Promise<PlanNodeEntity> {
  return insert(db, PlanNodeEntity, { ...input, parentId: input.parentId ?? null, sort: input.sort ?? 0 });
}

export function insertItem(db: DataSource, input: NewItem): Promise<ItemEntity> {
  const { themeId = null, summary = '', workingGroupId = null, reviewCadence = null } = input;
  const { budgetCurrentAmount = 0, sort = 0 } = input;
  const defaulted = { themeId, summary, workingGroupId, reviewCadence, budgetCurrentAmount, sort };
  return insert(db, ItemEntity, { ...input, ...defaulted });
}

export function insertIndicator(db: DataSource, input: NewIndicator): Promise<IndicatorEntity> {
  const { unit = '', baseline = null, direction = 'higher_is_better', targets = {}, sort = 0 } = input;
  return insert(db, IndicatorEntity, { ...input, unit, baseline, direction, targets, sort });
}

export function insertWorkingGroup(db: DataSource, input: NewWorkingGroup): Promise<WorkingGroupEntity> {
  return insert(db, WorkingGroupEntity, { ...input, memberUserIds: input.memberUserIds ?? [] });
}
