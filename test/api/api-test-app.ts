import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@pdca/config';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import type { ApiOptions } from '../../apps/api/src/infrastructure/api-options';
import { startWorker, uniqueSuffix } from '../support/test-worker';

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

export type ApiWithWorker = ApiTestApp & { taskQueue: string };

/**
 * The API and a real worker on a task queue of their own (`<name>-<suffix>`): what most HTTP tests
 * need. `close()` stops the worker, then the API. The queue's name is `taskQueue`.
 */
export async function startApiWithWorker(
  name: string,
  env: Record<string, string> = {},
  options: Omit<ApiOptions, 'config'> = {},
): Promise<ApiWithWorker> {
  const taskQueue = `${name}-${uniqueSuffix()}`;
  const api = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue, ...env }, options);
  const worker = await startWorker(api.dataSource, taskQueue).catch(async (err: unknown) => {
    await api.close();
    throw err;
  });
  return {
    ...api,
    taskQueue,
    async close() {
      await worker.stop();
      await api.close();
    },
  };
}
