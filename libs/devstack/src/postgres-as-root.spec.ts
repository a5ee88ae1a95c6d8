import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reusableCopy } from './postgres-as-root';

/** A copy as embeddedPostgresEntry leaves it: `.complete` and node_modules/<dependency> linked to `target`. */
function copyLinkingTo(target: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-copy-spec-'));
  fs.mkdirSync(path.join(home, 'node_modules'));
  fs.symlinkSync(target, path.join(home, 'node_modules', 'pg'), 'dir');
  fs.writeFileSync(path.join(home, '.complete'), 'binaries\n');
  return home;
}

describe('reusableCopy (the embedded PostgreSQL copy made for root)', () => {
  const homes: string[] = [];
  afterAll(() => {
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  });

  it('refuses a copy whose linked dependency is gone (the clone that made it was deleted)', () => {
    const installation = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-clone-spec-'));
    const home = copyLinkingTo(installation);
    homes.push(home);
    const usable = reusableCopy(home, ['pg']);
    fs.rmSync(installation, { recursive: true, force: true });
    expect(reusableCopy(home, ['pg'])).toBe(false);
    // While the installation was there, the copy was usable when made by root (as it always is).
    expect(usable).toBe(fs.statSync(home).uid === 0);
  });

  it('refuses an unfinished copy (no .complete)', () => {
    const home = copyLinkingTo(os.tmpdir());
    homes.push(home);
    fs.rmSync(path.join(home, '.complete'));
    expect(reusableCopy(home, ['pg'])).toBe(false);
  });
});
