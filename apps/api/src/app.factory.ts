import type { Server } from 'node:http';
import { type LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@pdca/config';
import { createAppModule } from './app.module';
import { methodNotAllowedMiddleware } from './common/http/method-not-allowed';
import { requestIdMiddleware } from './common/http/request-context';
import type { ApiOptions } from './infrastructure/api-options';
import { QuietStartupLogger } from './infrastructure/quiet-startup-logger';
import { createOpenApiDocument, setupOpenApi } from './openapi';
import { serveWebApp } from './web-app/web-app';

export const API_PREFIX = 'api/v1';
/** Request line plus headers (Node's default is 16 KB). */
export const MAX_REQUEST_HEADER_BYTES = 128 * 1024;

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/** Builds the configured (not yet listening) API application; used by main.ts and the API tests. */
export async function createApiApp(options: ApiOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(createAppModule(options), {
    logger: new QuietStartupLogger({ logLevels: LOG_LEVELS[options.config.logLevel] }),
    // Start-up failures (database unreachable, …) are thrown to the caller, not process.exit(1):
    // main.ts reports and exits, tests fail with the real error.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // Node's default 16 KB for the request line and headers is less than a schema-valid query can
  // be (a 10,000-character Japanese `mapping` is 90 KB percent-encoded): Node would answer 431.
  const server = app.getHttpServer() as Server & {
    maxHeaderSize?: number;
    connectionsCheckingInterval?: number;
  };
  server.maxHeaderSize = MAX_REQUEST_HEADER_BYTES;
  // A client that sends its request slowly (or never finishes it) holds a connection and, for an
  // upload, memory: Node answers 408 and closes once the whole request has not arrived in time.
  // Node checks on an interval set when the server starts listening, so it is set here, before.
  const timeout = options.config.httpRequestTimeoutMs;
  server.requestTimeout = timeout;
  server.headersTimeout = Math.min(timeout, 60_000);
  server.connectionsCheckingInterval = Math.min(30_000, Math.max(250, Math.floor(timeout / 4)));
  app.use(requestIdMiddleware);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  setupOpenApi(app);
  app.use(methodNotAllowedMiddleware(() => createOpenApiDocument(app)));
  serveWebApp(app);
  return app;
}
