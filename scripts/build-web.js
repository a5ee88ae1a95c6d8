#!/usr/bin/env node
// Builds the browser app (apps/web) after `tsc` has compiled the API to dist/:
//   1. the API's OpenAPI document, written by the compiled API in Nest's preview mode (no database);
//   2. apps/web/src/api/schema.d.ts generated from it by openapi-typescript (committed, so a
//      renamed field shows in review and `tsc` fails at once in the web code that uses it);
//   3. `tsc` over apps/web against the fresh types;
//   4. `vite build` into dist/web, which the API serves at /.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const openapiJson = path.join(root, 'dist', 'openapi.json');
const schemaFile = path.join(root, 'apps', 'web', 'src', 'api', 'schema.d.ts');

function run(label, args) {
  process.stdout.write(`[build-web] ${label}\n`);
  execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
}

run('OpenAPI document', [path.join(root, 'dist/apps/api/src/openapi-export.js'), openapiJson]);
const before = fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, 'utf8') : '';
run('client types', [
  path.join(root, 'node_modules/openapi-typescript/bin/cli.js'),
  openapiJson,
  '--output',
  schemaFile,
  '--alphabetize',
  '--silent',
]);
if (fs.readFileSync(schemaFile, 'utf8') !== before) {
  process.stdout.write('[build-web] apps/web/src/api/schema.d.ts changed: commit it with the API change\n');
}
run('type-check', [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web/tsconfig.json']);
run('bundle', [
  path.join(root, 'node_modules/vite/bin/vite.js'),
  'build',
  '--config',
  'apps/web/vite.config.mts',
  '--logLevel',
  'warn',
]);
