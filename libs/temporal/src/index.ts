export * from './cycle-start';
export * from './cycle-start-request';
export * from './fiscal-year-opener-start';
export * from './policy-evaluation-start';
