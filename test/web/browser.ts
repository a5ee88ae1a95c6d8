import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@pdca/devstack/project-root';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { FixtureUser } from '../api/fixtures';
import { PASSWORD } from '../api/fixtures';

/** Debian's chromium: Playwright's own browser download cannot work on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots a person can look at after the run (gitignored). */
export const SCREENSHOT_DIR = path.join(projectRoot(), 'test-results', 'screenshots');

/**
 * A headless chromium with a fresh profile (Playwright makes a temporary user-data-dir per launch)
 * and nothing that phones home.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install it with \`apt-get install -y chromium fonts-noto-cjk\` (.ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The built web app must be there: the API serves dist/web (npm test builds it first). */
export function assertWebAppBuilt(): void {
  const index = path.join(projectRoot(), 'dist', 'web', 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
}

/**
 * A fresh browser profile signed in as `user` through the sign-in page, Japanese by default like a
 * city office PC.
 */
export async function signInAs(
  browser: Browser,
  baseUrl: string,
  user: FixtureUser,
  options: { locale?: string; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? 'ja-JP';
  const ja = locale.startsWith('ja');
  const context = await browser.newContext({
    locale,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(ja ? 'メールアドレス' : 'Email address').fill(user.email);
  await page.getByLabel(ja ? 'パスワード' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: ja ? 'ログイン' : 'Sign in' }).click();
  await page.getByTestId('current-user').filter({ hasText: user.displayName }).waitFor();
  return { context, page };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * The page's serious and critical accessibility problems as axe-core finds them (WCAG 2.x A/AA
 * rules), one line each: `rule (impact): help — selectors`. Empty when there are none.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // Runs in the page (the tests compile without the DOM's types): axe.run over the document.
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Whether the page is wider than the window (a sideways scroll bar) at its current size. */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}

/**
 * No serious axe violation at desktop width nor at 360 px, where nothing scrolls sideways; a
 * screenshot at each (`<name>-desktop`, `<name>-360px`). The page is left at desktop width.
 */
export async function checkBothWidths(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `${name}-360px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * The browser sessions of one test file: `signIn` as signInAs, and after each test a screenshot of
 * every page still open (`afterEach(sessions.screenshotOpen)`), the quickest way to see why a test
 * failed; the files are named `<prefix>-last-state-<n>`.
 */
export function browserSessions(prefix: string, target: () => { browser: Browser; baseUrl: string }) {
  const open: Page[] = [];
  return {
    async signIn(user: FixtureUser, options: { locale?: string; width?: number } = {}) {
      const { browser, baseUrl } = target();
      const session = await signInAs(browser, baseUrl, user, options);
      open.push(session.page);
      return session;
    },
    async screenshotOpen(): Promise<void> {
      await Promise.all(
        open
          .splice(0)
          .map((page, i) =>
            page.isClosed() ? null : screenshot(page, `${prefix}-last-state-${i}`).catch(() => null),
          ),
      );
    },
  };
}
