import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { type ApiWithWorker, startApiWithWorker } from '../api/api-test-app';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { assertWebAppBuilt, browserSessions, launchBrowser } from './browser';

export interface BrowserStack {
  api: ApiWithWorker;
  fx: ApiFixture;
  browser: Browser;
  baseUrl: string;
}

/**
 * The real stack of one browser test file, set up around its tests: the API with a worker serving
 * the built app, a fixture city, chromium; every page still open is screenshotted after each test
 * (`<name>-last-state-<n>`). `stack` is filled in by beforeAll.
 */
export function browserSuite(name: string) {
  const stack = {} as BrowserStack;
  const sessions = browserSessions(name, () => stack);
  beforeAll(async () => {
    assertWebAppBuilt();
    stack.api = await startApiWithWorker(`web-${name}`);
    stack.fx = await createApiFixture(stack.api);
    stack.baseUrl = `http://127.0.0.1:${(stack.api.app.getHttpServer().address() as AddressInfo).port}`;
    stack.browser = await launchBrowser();
  });
  afterEach(() => sessions.screenshotOpen());
  afterAll(async () => {
    await stack.browser?.close();
    await stack.api?.close();
  });
  return { stack, signIn: sessions.signIn };
}
