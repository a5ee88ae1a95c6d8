import type { OpenAPIObject } from '@nestjs/swagger';
import { methodNotAllowedMiddleware } from './method-not-allowed';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/notifications/{notificationId}': { patch: {} },
    '/api/v1/notifications/preferences': { get: {}, put: {} },
    '/api/v1/items': { get: {} },
  },
} as unknown as OpenAPIObject;

function call(method: string, path: string) {
  const sut = methodNotAllowedMiddleware(() => document);
  const answer: { status?: number; allow?: string; body?: { code?: string }; next: boolean } = {
    next: false,
  };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    json(body: { code?: string }) {
      answer.body = body;
      return res;
    },
    setHeader(name: string, value: string) {
      if (name === 'Allow') answer.allow = value;
    },
    headersSent: false,
  };
  sut({ method, path, originalUrl: path, correlationId: 'c', header: () => undefined }, res, () => {
    answer.next = true;
  });
  return answer;
}

describe('methodNotAllowedMiddleware', () => {
  it('answers 405 with Allow for a documented path and an undocumented method', () => {
    expect(call('TRACE', '/api/v1/items')).toMatchObject({ status: 405, allow: 'GET, HEAD', next: false });
    expect(call('DELETE', '/api/v1/items/').body?.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('lets documented methods, unknown paths and OPTIONS through', () => {
    expect(call('GET', '/api/v1/items').next).toBe(true);
    expect(call('HEAD', '/api/v1/items').next).toBe(true);
    expect(call('TRACE', '/api/v1/nothing').next).toBe(true);
    expect(call('OPTIONS', '/api/v1/items').next).toBe(true);
  });

  it('judges a literal path by its own methods, not by a parameter route it also matches', () => {
    expect(call('PATCH', '/api/v1/notifications/preferences')).toMatchObject({
      status: 405,
      allow: 'GET, HEAD, PUT',
    });
    expect(call('PATCH', '/api/v1/notifications/0b6c6c3e-1f7e-4c39-9a59-2f3c8b1e2d4a').next).toBe(true);
  });
});
