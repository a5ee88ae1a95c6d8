export * from './import-plan-file';
export * from './plan-store-rules';
