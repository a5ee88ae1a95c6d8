import type { OpenAPIObject } from '@nestjs/swagger';
import { wireMessage } from '../errors/localized-error';
import { type ApiRequest, type HttpResponse, preferredLanguage } from './request-context';

interface Route {
  pattern: RegExp;
  parameters: number;
  methods: Set<string>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The documented paths as patterns (`{id}` is one path segment) with their methods. */
export function routeTable(document: OpenAPIObject): Route[] {
  return Object.entries(document.paths).map(([template, item]) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const methods = new Set(
      Object.keys(item)
        .filter((m) => HTTP_METHODS.includes(m))
        .map((m) => m.toUpperCase()),
    );
    if (methods.has('GET')) methods.add('HEAD');
    return {
      pattern: new RegExp(`^${source}/?$`),
      parameters: (template.match(/\{/g) ?? []).length,
      methods,
    };
  });
}

/**
 * A documented path asked with a method it does not have answers 405 with an Allow header (RFC 9110),
 * not 404 as if the path did not exist. OPTIONS is left to the framework (CORS pre-flight).
 * The table comes from the OpenAPI document, built once on first use.
 */
export function methodNotAllowedMiddleware(document: () => OpenAPIObject) {
  let routes: Route[] | undefined;
  return (req: ApiRequest & { path: string }, res: HttpResponse, next: () => void) => {
    if (req.method === 'OPTIONS') return next();
    routes ??= routeTable(document());
    // /notifications/preferences is that path, not /notifications/{notificationId}: the match with
    // the fewest parameters wins, as the literal route does in the router.
    const candidates = routes.filter((r) => r.pattern.test(req.path));
    if (candidates.length === 0) return next();
    const fewest = Math.min(...candidates.map((r) => r.parameters));
    const matching = candidates.filter((r) => r.parameters === fewest);
    const allowed = new Set(matching.flatMap((r) => [...r.methods]));
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    const text = {
      ja: `このURLでは${req.method}は使えません（${allow}を使用してください）。`,
      en: `${req.method} is not allowed here; use ${allow}.`,
    };
    res.setHeader('Allow', allow);
    res.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      ...wireMessage(text, preferredLanguage(req.header('accept-language'))),
      code: 'METHOD_NOT_ALLOWED',
      correlationId: req.correlationId,
    });
  };
}
