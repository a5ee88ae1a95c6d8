export * from './cycle-start';
