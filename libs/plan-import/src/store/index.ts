// The write half of an import (needs the database, hence apart from the parser's index.ts).
export * from './import-plan-file';
export * from './plan-store-rules';
export * from './store-plan';
