/**
 * The `@pdca/<lib>` names (tsconfig.json "paths") for Temporal's workflow bundler. Its webpack
 * resolves relative paths and node_modules only, so every `bundleWorkflowCode(…)` and every
 * `Worker.create({ workflowsPath })` passes this hook: workflow code, and the libs it imports,
 * import each other as `@pdca/contracts`, `@pdca/domain/…` like the rest of the code. Built code
 * (dist/) has relative paths already (tsc-alias), where these aliases (to dist/libs/<lib>/src)
 * change nothing.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfigHook = NonNullable<BundleOptions['webpackConfigHook']>;

/** libs/ (dist/libs/ when built): one folder per lib, its code in src/. */
const LIBS = path.resolve(__dirname, '..', '..');

/** `@pdca/<lib>` → libs/<lib>/src for every lib; webpack maps `@pdca/<lib>/deep/path` with it. */
export function libAliases(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(LIBS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(LIBS, entry.name, 'src')))
      .map((entry) => [`@pdca/${entry.name}`, path.join(LIBS, entry.name, 'src')]),
  );
}

/** `webpackConfigHook` for bundleWorkflowCode / Worker.create's bundlerOptions. */
export const resolveLibNames: WebpackConfigHook = (config) => {
  const aliases = libAliases();
  const existing = config.resolve?.alias;
  const alias = Array.isArray(existing)
    ? [...Object.entries(aliases).map(([name, target]) => ({ name, alias: target })), ...existing]
    : { ...aliases, ...existing };
  return { ...config, resolve: { ...config.resolve, alias } };
};
