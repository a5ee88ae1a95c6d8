export interface UrlBoxInput {
  apiPort: number;
  temporalUiPort: number;
  /** Shown as given; pass a path relative to the working directory when it is shorter. */
  dataDir: string;
  /** The mail catcher's page, when `pdca start` runs one. */
  mailUrl?: string | null;
  demoMode: boolean;
  /** In demo mode, the demo user to name in the box (the whole list is printed earlier). */
  demoUser?: string;
}

/** The box `pdca start` prints once the API is healthy. ASCII-width text only: it is padded by length. */
export function renderUrlBox(input: UrlBoxInput): string {
  const api = `http://localhost:${input.apiPort}`;
  const rows: Array<[string, string] | null> = [
    ['Web app', `${api}/`],
    ['API', `${api}/api/v1`],
    ['OpenAPI docs', `${api}/api/docs`],
    ['Health', `${api}/health`],
    ['Temporal UI', `http://localhost:${input.temporalUiPort}`],
    ...(input.mailUrl ? [['Mail catcher', input.mailUrl] as [string, string]] : []),
    null,
    ['Data folder', input.dataDir],
    ['Reset', `stop, then \`npm run reset\` (or delete ${input.dataDir})`],
  ];
  if (input.demoMode) {
    rows.push(['Demo mode', 'on (PDCA_DEMO=true; start with PDCA_DEMO=false to turn it off)']);
    // The demo users are listed far above by then (the servers' logs come between): name one here.
    if (input.demoUser) rows.push(['Sign in as', `${input.demoUser} (demo users and password: see above)`]);
  }
  const labelWidth = Math.max(...rows.map((r) => (r ? r[0].length : 0)));
  const lines = [
    'pdca-engine is running',
    '',
    ...rows.map((r) => (r ? `${r[0].padEnd(labelWidth)}  ${r[1]}` : '')),
    '',
    'Ctrl-C to stop',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const horizontal = '─'.repeat(width + 2);
  return [`┌${horizontal}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${horizontal}┘`].join('\n');
}
