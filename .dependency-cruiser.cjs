// Layering rules (issue #21): which code may import which. `npm run lint` runs them after Biome
// (`depcruise libs workflows`); tools/lint/layering.spec.ts proves each rule fails on a fixture.
//
// dependency-cruiser rather than Biome's noRestrictedImports: Biome matches the import string as
// written, so it cannot tell where '../../x' lands from a given folder, and it does not see
// require(). dependency-cruiser resolves every import (relative or not, `import type` included) to
// a file, so the rules below are about where a file really points.

/** What workflow code may use: it runs in Temporal's deterministic sandbox (no I/O, no clocks). */
const WORKFLOW_MAY_IMPORT = [
  '^workflows/',
  '^libs/contracts/',
  '^libs/domain/',
  // Pure (contracts + a type from @temporalio/common): the one place that builds a cycle's start
  // request, shared by the API, the scheduler activity and next-year.ts. Allowed by name, not the
  // rest of libs/temporal (which holds the Temporal client).
  '^libs/temporal/src/cycle-start-request\\.ts$',
  '(^|/)node_modules/@temporalio/(workflow|common)/',
];

/** npm packages the domain may use: pure code (and fast-check for its property tests). */
const DOMAIN_MAY_USE_PACKAGES = ['@holiday-jp/holiday_jp', 'fast-check'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-not-apps',
      comment: 'libs/ must not import from apps/: the apps are built on the libs, not the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'workflows-sandbox-only',
      comment:
        'workflows/ may import only workflows/, libs/contracts, libs/domain, ' +
        'libs/temporal/src/cycle-start-request, @temporalio/workflow and @temporalio/common ' +
        '(workflow code runs in the deterministic sandbox: no I/O, no other libs).',
      severity: 'error',
      from: { path: '^workflows/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: WORKFLOW_MAY_IMPORT },
    },
    {
      name: 'workflows-sandbox-only-transitively',
      comment:
        'workflow code must not reach this module, directly or through what it imports: all of it ends ' +
        'up in the sandbox bundle (only workflows/, libs/contracts, libs/domain, cycle-start-request ' +
        'and npm packages).',
      severity: 'error',
      from: { path: '^workflows/', pathNot: '\\.spec\\.ts$' },
      to: { reachable: true, pathNot: [...WORKFLOW_MAY_IMPORT, '(^|/)node_modules/'] },
    },
    {
      name: 'domain-no-node-builtins',
      comment: 'libs/domain is pure: no Node built-ins (fs, net, http, child_process, …), no I/O.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-no-other-code',
      comment: 'libs/domain imports only itself: not other libs, apps, workflows, tools or tests.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs|apps|workflows|tools|test)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-pure-packages-only',
      comment:
        `libs/domain may use only the pure npm packages ${DOMAIN_MAY_USE_PACKAGES.join(', ')} ` +
        '(no pg, typeorm, @temporalio/*, @nestjs/*, …); add a package to DOMAIN_MAY_USE_PACKAGES in ' +
        '.dependency-cruiser.cjs only if it does no I/O.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: '(^|/)node_modules/',
        pathNot: DOMAIN_MAY_USE_PACKAGES.map((name) => `(^|/)node_modules/${name}/`),
      },
    },
    {
      name: 'domain-no-unresolvable',
      comment: 'libs/domain imports a module that cannot be resolved, so its layer cannot be checked.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // @pdca/<lib> names resolve through tsconfig.json "paths" (relative to the folder depcruise runs in).
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(dist|\\.tools|\\.data|coverage)/' },
    // `import type` counts too: a layer that needs another's types depends on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.d.ts', '.js', '.cjs', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
