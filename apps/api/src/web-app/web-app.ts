import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { projectRoot } from '@pdca/devstack/project-root';

/** Where `npm run build` puts the browser app (apps/web, built by Vite). */
export function webAppDir(): string {
  return path.join(projectRoot(), 'dist', 'web');
}

// Paths the API owns: the app's history fallback must never answer them with index.html.
function isApiPath(urlPath: string): boolean {
  return (
    urlPath === '/api' ||
    urlPath.startsWith('/api/') ||
    urlPath === '/health' ||
    urlPath.startsWith('/health/')
  );
}

// Minimal views of Express's request and response (the project does not ship @types/express).
interface FallbackRequest {
  method: string;
  path: string;
}
interface FallbackResponse {
  setHeader(name: string, value: string): void;
  sendFile(file: string): void;
}

/**
 * Serves the built web app at `/`: hashed files under /assets for a year, everything else that is
 * not an API path and has no file extension gets index.html (history-API routing in the browser).
 * Returns false, serving nothing, when the app has not been built (API-only deployments).
 */
export function serveWebApp(app: NestExpressApplication, dir = webAppDir()): boolean {
  const indexFile = path.join(dir, 'index.html');
  if (!fs.existsSync(indexFile)) return false;
  // biome-ignore lint/correctness/useHookAtTopLevel: Nest's method, not a React hook
  app.useStaticAssets(path.join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d' });
  // biome-ignore lint/correctness/useHookAtTopLevel: Nest's method, not a React hook
  app.useStaticAssets(dir, { index: false, maxAge: 0 });
  app.use((req: FallbackRequest, res: FallbackResponse, next: () => void) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || path.extname(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return true;
}
