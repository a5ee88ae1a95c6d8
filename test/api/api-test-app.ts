import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import type { ApiOptions } from '../../apps/api/src/infrastructure/api-options';
import { loadConfig } from '../../libs/config/src';

export interface ApiTestApp {
  app: INestApplication;
  /** supertest against the listening server. */
  http: () => request.Agent;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Boots the real API (same module as main.ts) on a random port against the integration stack.
 * `env` overrides environment variables before config parsing (e.g. a task queue per file).
 */
export async function startApiApp(
  env: Record<string, string> = {},
  options: Omit<ApiOptions, 'config'> = {},
): Promise<ApiTestApp> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', ...env });
  const app = await createApiApp({ config, ...options });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
