#!/usr/bin/env node
// Web app budgets (issue #10), measured on the built app (npm run build first):
//   1. initial JavaScript, gzip: the entry script and the modules index.html preloads (≤ 250 KB);
//   2. the leader's task inbox with 1,000 open tasks: time from the tasks answer arriving to the
//      table being on screen, in Debian's chromium (< 1 s). The API is replaced by canned answers
//      here on purpose: this measures the browser's work, not the server's.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { INITIAL_JS_BUDGET, initialJs } = require('./web-budget');

const root = path.join(__dirname, '..');
const web = path.join(root, 'dist', 'web');

function tasks(n) {
  const due = Date.parse('2027-05-01T08:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    cycleId: '00000000-0000-4000-8000-000000000000',
    kind: 'plan',
    periodIndex: null,
    title: { ja: '計画書の提出', en: 'Submit the plan' },
    assigneeUserId: null,
    dueAt: new Date(due + i * 3_600_000).toISOString(),
    status: 'open',
    overdue: false,
    escalatedAt: null,
    remindersSent: 0,
    submittedAt: null,
    submittedBy: null,
    createdAt: '2027-04-01T00:00:00Z',
    itemId: '00000000-0000-4000-8000-000000000000',
    itemCode: `${1 + (i % 9)}-${i}`,
    itemTitle: `改革項目 ${i}`,
    fiscalYear: 2027,
    cycleStage: 'PLAN',
    cycleStatus: 'awaiting_submission',
  }));
}

async function inboxRender(count) {
  const { chromium } = require('playwright-core');
  const all = tasks(count);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/v1/tasks') {
      const status = url.searchParams.get('status');
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const rows = status === 'open' ? all : [];
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ items: rows.slice(offset, offset + limit), total: rows.length, limit, offset }),
      );
      return;
    }
    const file = path.join(web, url.pathname.startsWith('/assets/') ? url.pathname : 'index.html');
    res.setHeader(
      'content-type',
      file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html',
    );
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ locale: 'ja-JP' });
    const session = {
      token: 'bench',
      user: {
        id: 'u',
        email: 'b@x',
        displayName: 'ベンチ',
        tenantId: 't',
        tenantCode: 't',
        roles: ['wg_leader'],
      },
    };
    await context.addInitScript((s) => sessionStorage.setItem('pdca.session', s), JSON.stringify(session));
    const page = await context.newPage();
    const runs = [];
    for (let i = 0; i < 5; i++) {
      let arrived = 0;
      const onResponse = async (r) => {
        if (r.url().includes('/api/v1/tasks') && r.url().includes('status=open')) {
          await r.finished();
          arrived = await page.evaluate(() => performance.now());
        }
      };
      page.on('response', onResponse);
      await page.goto(`${base}/tasks`);
      await page.locator('[data-testid="task-table"] tbody tr').first().waitFor();
      const shown = await page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => r(performance.now()))),
      );
      page.off('response', onResponse);
      runs.push(shown - arrived);
    }
    runs.sort((a, b) => a - b);
    return { median: runs[Math.floor(runs.length / 2)], runs };
  } finally {
    await browser.close();
    server.close();
  }
}

(async () => {
  const js = initialJs();
  const charts = js.text.includes('recharts-wrapper');
  console.log(
    `initial JS: ${(js.gzip / 1024).toFixed(1)} KB gzip (${js.files.join(', ')}); budget ${INITIAL_JS_BUDGET / 1024} KB; charting library ${charts ? 'INCLUDED (must load with the board only)' : 'not included'}`,
  );
  const inbox = await inboxRender(1000);
  console.log(
    `task inbox, 1,000 open tasks: ${inbox.median.toFixed(0)} ms median from the last tasks page arriving to the table on screen (runs: ${inbox.runs.map((r) => r.toFixed(0)).join(', ')} ms); budget 1,000 ms`,
  );
  process.exitCode = js.gzip <= INITIAL_JS_BUDGET && !charts && inbox.median < 1000 ? 0 : 1;
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
