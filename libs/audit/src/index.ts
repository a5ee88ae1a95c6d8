export * from './ledger-csv';
export * from './ledger-hash';
export * from './ledger-labels';
export * from './ledger-verify';
