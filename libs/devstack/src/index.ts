export * from './embedded-postgres';
export * from './free-port';
export * from './mail-catcher';
export * from './project-root';
export * from './search-attributes';
export * from './temporal-binaries';
export * from './temporal-dev-server';
