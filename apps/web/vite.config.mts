import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The API serves dist/web at / (apps/api/src/web-app); `base` stays '/' for history-API routes.
export default defineConfig({
  root: here,
  // @pdca/<lib>[/path] → libs/<lib>/src[/path], as tsconfig.json "paths" (the web app imports libs/domain).
  resolve: {
    alias: [{ find: /^@pdca\/([a-z0-9-]+)/, replacement: path.resolve(here, '../../libs/$1/src') }],
  },
  base: '/',
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      // React Query marks its modules "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
