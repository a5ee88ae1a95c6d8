import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type BundleSources,
  currentBundle,
  MANIFEST_FILE,
  sourceDigest,
  writeBundleFiles,
} from './workflow-bundle';

/** A dist/ of its own: workflows/ and libs/ with a few .js files, and the bundle written beside them. */
function fakeDist(): { dir: string; sources: BundleSources } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-bundle-spec-'));
  fs.mkdirSync(path.join(dir, 'workflows', 'pdca-cycle'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'libs', 'domain', 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'workflows', 'index.js'), 'exports.a = 1;\n');
  fs.writeFileSync(path.join(dir, 'workflows', 'pdca-cycle', 'machine.js'), 'exports.b = 2;\n');
  fs.writeFileSync(path.join(dir, 'libs', 'domain', 'src', 'index.js'), 'exports.c = 3;\n');
  fs.writeFileSync(path.join(dir, 'libs', 'domain', 'src', 'index.js.map'), '{}\n');
  const sources = {
    roots: [path.join(dir, 'workflows'), path.join(dir, 'libs')],
    packages: ['@temporalio/workflow@1.0.0'],
  };
  return { dir, sources };
}

describe('the pre-built workflow bundle', () => {
  let dist: { dir: string; sources: BundleSources };
  beforeEach(() => {
    dist = fakeDist();
  });
  afterEach(() => fs.rmSync(dist.dir, { recursive: true, force: true }));

  it('is taken while the code it was made from is unchanged', () => {
    const codePath = writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    expect(currentBundle(dist.dir, dist.sources)).toEqual({ codePath });
    expect(fs.readFileSync(codePath, 'utf8')).toBe('/* bundle */');
  });

  it('is stale once a workflow file changes, a lib file is added or a package moves', () => {
    writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    fs.writeFileSync(path.join(dist.dir, 'workflows', 'pdca-cycle', 'machine.js'), 'exports.b = 3;\n');
    expect(currentBundle(dist.dir, dist.sources)).toEqual({
      stale: expect.stringContaining('older than the workflow code beside it'),
    });

    writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    fs.writeFileSync(path.join(dist.dir, 'libs', 'domain', 'src', 'new.js'), 'exports.d = 4;\n');
    expect(currentBundle(dist.dir, dist.sources)).toHaveProperty('stale');

    writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    expect(
      currentBundle(dist.dir, { ...dist.sources, packages: ['@temporalio/workflow@1.0.1'] }),
    ).toHaveProperty('stale');
  });

  it('ignores what is not code (source maps)', () => {
    const codePath = writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    fs.writeFileSync(path.join(dist.dir, 'libs', 'domain', 'src', 'index.js.map'), '{"changed":true}\n');
    expect(currentBundle(dist.dir, dist.sources)).toEqual({ codePath });
  });

  it('is missing before a build, or when its manifest is torn', () => {
    expect(currentBundle(dist.dir, dist.sources)).toEqual({
      stale: expect.stringContaining('is missing (npm run build makes them)'),
    });
    writeBundleFiles(dist.dir, '/* bundle */', dist.sources);
    fs.writeFileSync(path.join(dist.dir, MANIFEST_FILE), '{"sourceDigest": "');
    expect(currentBundle(dist.dir, dist.sources)).toEqual({
      stale: expect.stringContaining('not readable JSON'),
    });
  });

  it('digests a file by its place as well as its contents', () => {
    const before = sourceDigest(dist.sources);
    fs.renameSync(
      path.join(dist.dir, 'workflows', 'pdca-cycle', 'machine.js'),
      path.join(dist.dir, 'workflows', 'machine.js'),
    );
    expect(sourceDigest(dist.sources)).not.toBe(before);
  });
});
