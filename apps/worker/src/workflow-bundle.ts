/**
 * The workflow code as one file, made by `npm run build` (#27). Without it a worker bundles
 * workflows/ with webpack every time it starts: the topology bench measured a killed worker
 * back after 17–42 s, most of it bundling. The built worker (`dist/apps/worker/src/main.js`) takes
 * `dist/workflow-bundle.js` instead, but only while it is current: its manifest holds a digest of
 * the code it was made from (every .js file under dist/workflows and dist/libs, and the versions
 * of Temporal's packages that go into a bundle). When anything changed since, say a `tsc` without
 * the rest of the build, the worker bundles at start as before and says why — a stale bundle
 * would run other workflow code than the files beside it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveLibNames } from '@pdca/temporal/workflow-bundler';
import { bundleWorkflowCode } from '@temporalio/worker';

export const BUNDLE_FILE = 'workflow-bundle.js';
export const MANIFEST_FILE = 'workflow-bundle.json';

/** What a bundle is made from: its sources' folders and the packages bundled with them. */
export interface BundleSources {
  /** Folders whose .js files are digested (recursively). */
  roots: string[];
  /** `name@version` of every package the bundle carries. */
  packages: string[];
}

interface BundleManifest {
  sourceDigest: string;
  builtAt: string;
}

export type CurrentBundle = { codePath: string } | { stale: string };

/** dist/ of the built worker: this file is dist/apps/worker/src/workflow-bundle.js. */
export const DIST_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The sources of the bundle in dist/. */
export function distBundleSources(distRoot: string = DIST_ROOT): BundleSources {
  const packages = ['@temporalio/workflow', '@temporalio/common', '@temporalio/worker'].map(
    (name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`,
  );
  return { roots: [path.join(distRoot, 'workflows'), path.join(distRoot, 'libs')], packages };
}

/** sha256 over every .js file's path (relative to its root) and contents, in a fixed order, and the packages. */
export function sourceDigest(sources: BundleSources): string {
  const hash = createHash('sha256');
  for (const pkg of [...sources.packages].sort()) hash.update(`package ${pkg}\n`);
  for (const root of sources.roots) {
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .sort();
    for (const file of files) {
      hash.update(`file ${path.basename(root)}/${file.split(path.sep).join('/')}\n`);
      hash.update(fs.readFileSync(path.join(root, file)));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

/** Writes the bundle and its manifest into `outDir` (the bundle first: a manifest means both are whole). */
export function writeBundleFiles(outDir: string, code: string, sources: BundleSources): string {
  const codePath = path.join(outDir, BUNDLE_FILE);
  const manifest: BundleManifest = {
    sourceDigest: sourceDigest(sources),
    builtAt: new Date().toISOString(),
  };
  fs.rmSync(path.join(outDir, MANIFEST_FILE), { force: true });
  fs.writeFileSync(codePath, code);
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return codePath;
}

/** The bundle in `outDir` if it was made from today's sources, else why not. */
export function currentBundle(outDir: string, sources: BundleSources): CurrentBundle {
  const codePath = path.join(outDir, BUNDLE_FILE);
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath) || !fs.existsSync(codePath))
    return { stale: `${codePath} or its manifest ${MANIFEST_FILE} is missing (npm run build makes them)` };
  let manifest: Partial<BundleManifest>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Partial<BundleManifest>;
  } catch {
    return { stale: `${manifestPath} is not readable JSON` };
  }
  if (manifest.sourceDigest !== sourceDigest(sources))
    return {
      stale: `${codePath} (made ${manifest.builtAt ?? 'at an unknown time'}) is older than the workflow code beside it`,
    };
  return { codePath };
}

/** Bundles `workflowsPath` (dist/workflows) as a worker would at start, and writes it into `outDir`. */
export async function buildWorkflowBundle(
  workflowsPath: string,
  outDir: string,
  sources: BundleSources,
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    webpackConfigHook: resolveLibNames,
    logger: quietBundlerLogger,
  });
  return writeBundleFiles(outDir, code, sources);
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(`[bundle-workflows] ${message}`),
  error: (message: string) => console.error(`[bundle-workflows] ${message}`),
  log: () => undefined,
};
