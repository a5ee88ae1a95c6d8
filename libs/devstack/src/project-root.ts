import fs from 'node:fs';
import path from 'node:path';

/** The repository root, found from this file both in the sources and in the compiled dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'pdca-engine')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`pdca-engine's package.json not found above ${__dirname}`);
    dir = parent;
  }
}

/**
 * Where `pdca start`, `migrate`, `import` and `tenant` keep the development data: `.data/` in the
 * repository, or PDCA_DATA_DIR (tests and side-by-side stacks use their own).
 */
export function devDataDir(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
  root = projectRoot(),
): string {
  const configured = env.PDCA_DATA_DIR?.trim();
  return configured ? path.resolve(cwd, configured) : path.join(root, '.data');
}
