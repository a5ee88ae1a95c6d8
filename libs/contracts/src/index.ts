export * from './temporal-names';
