export * from './data-source';
export * from './entities/cycle.entity';
export * from './entities/item.entity';
export * from './entities/ledger.entity';
export * from './entities/plan.entity';
export * from './entities/tenant.entity';
export * from './entities/user.entity';
export * from './entities/working-group.entity';
