export * from './embedded-postgres';
export * from './free-port';
export * from './project-root';
export * from './temporal-binaries';
export * from './temporal-dev-server';
