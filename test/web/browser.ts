import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@pdca/devstack/project-root';
import { type Browser, chromium, type Page } from 'playwright-core';

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
