export * from './commands';
export * from './cycle-activities.contract';
export * from './cycle-id';
export * from './cycle-workflow.contract';
export * from './fiscal-year-opener.contract';
export * from './policy-evaluation.contract';
export * from './search-attributes';
export * from './temporal-names';
