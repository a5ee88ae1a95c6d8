/**
 * `npm run build`'s step after `tsc`: bundles dist/workflows into dist/workflow-bundle.js (and its
 * manifest), so that the built worker starts without running webpack (workflow-bundle.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle, DIST_ROOT, distBundleSources } from './workflow-bundle';

async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write('[bundle-workflows] bundling dist/workflows …\n');
  const codePath = await buildWorkflowBundle(
    path.join(DIST_ROOT, 'workflows'),
    DIST_ROOT,
    distBundleSources(),
  );
  const kilobytes = Math.round(fs.statSync(codePath).size / 1024);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `[bundle-workflows] ${path.relative(process.cwd(), codePath)}: ${kilobytes} kB in ${seconds} s\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
