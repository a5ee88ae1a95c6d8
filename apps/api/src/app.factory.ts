import { type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../../../libs/config/src';
import { createAppModule } from './app.module';
import { requestIdMiddleware } from './common/http/request-context';
import type { ApiOptions } from './infrastructure/api-options';
import { setupOpenApi } from './openapi';
import { serveWebApp } from './web-app/web-app';

export const API_PREFIX = 'api/v1';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/** Builds the configured (not yet listening) API application; used by main.ts and the API tests. */
export async function createApiApp(options: ApiOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(createAppModule(options), {
    logger: LOG_LEVELS[options.config.logLevel],
    // Start-up failures (database unreachable, …) are thrown to the caller, not process.exit(1):
    // main.ts reports and exits, tests fail with the real error.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  setupOpenApi(app);
  serveWebApp(app);
  return app;
}
