// The initial JavaScript of the built web app (dist/web): the entry script and the modules
// index.html preloads, gzipped, against its budget (issue #10: ≤ 250 KB). Read by
// scripts/bench-web.js and by the board's browser test, which also checks that the charting
// library is not part of it (it comes with the board's own chunk, #23).
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const INITIAL_JS_BUDGET = 250 * 1024;

/** The initial scripts' names, gzip size in bytes, and their text (to look for what must not be in it). */
function initialJs(web = path.join(__dirname, '..', 'dist', 'web')) {
  const html = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const texts = files.map((f) => fs.readFileSync(path.join(web, f)));
  const gzip = texts.map((t) => zlib.gzipSync(t, { level: 9 }).length).reduce((a, b) => a + b, 0);
  return { files, gzip, text: Buffer.concat(texts).toString('utf8') };
}

module.exports = { INITIAL_JS_BUDGET, initialJs };
