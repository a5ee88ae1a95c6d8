import { writeFileSync } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@pdca/config';
import { API_PREFIX } from './app.factory';
import { createAppModule } from './app.module';
import { createOpenApiDocument } from './openapi';

/**
 * Writes the API's OpenAPI document without a database or Temporal: Nest's preview mode builds the
 * module graph (routes, DTO metadata) but instantiates no provider. The web app's client types are
 * generated from this file, so a renamed field breaks the web build.
 */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: openapi-export <output.json>');
  const config = loadConfig({ ...process.env, PDCA_DEMO: 'true' });
  const app = await NestFactory.create(createAppModule({ config }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  const doc = createOpenApiDocument(app);
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  await app.close();
}

main().catch((err: unknown) => {
  console.error('openapi-export failed:', err);
  process.exit(1);
});
