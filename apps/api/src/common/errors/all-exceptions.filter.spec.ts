import { ArgumentsHost, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { apiError } from './localized-error';

function host(headers: Record<string, string> = {}, action?: { en: string; ja: string }) {
  const res = {
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    headersSent: false,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
  };
  const req = {
    method: 'POST',
    originalUrl: '/api/v1/cycles/x/plan',
    correlationId: 'corr-1',
    action,
    header: (name: string) => headers[name.toLowerCase()],
  };
  const argumentsHost = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { res, argumentsHost };
}

describe('AllExceptionsFilter', () => {
  const sut = new AllExceptionsFilter();
  let logged: string[];

  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers an unknown error with 500 "Failed to <action>", the correlation id and no internals', () => {
    const { res, argumentsHost } = host({}, { en: 'submit the plan', ja: '計画書の提出' });
    sut.catch(new Error('relation "cycles" does not exist at /srv/app/x.js:1'), argumentsHost);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Failed to submit the plan.',
      messageEn: 'Failed to submit the plan.',
      messageJa: '計画書の提出に失敗しました。',
      correlationId: 'corr-1',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/does not exist|x\.js/);
    expect(logged.join('\n')).toMatch(/\[corr-1\].*relation "cycles" does not exist/s);
  });

  it('falls back to a generic action before the route is known', () => {
    const { res, argumentsHost } = host();
    sut.catch('boom', argumentsHost);
    expect(res.body).toMatchObject({ message: 'Failed to process the request.' });
  });

  it('passes localized HttpExceptions through, choosing the language from Accept-Language', () => {
    const { res, argumentsHost } = host({ 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' });
    sut.catch(
      apiError(
        HttpStatus.TOO_MANY_REQUESTS,
        { ja: 'ゆっくり。', en: 'Slow down.' },
        {
          code: 'X',
          retryAfterSeconds: 42,
        },
      ),
      argumentsHost,
    );
    expect(res.statusCode).toBe(429);
    expect(res.headers['Retry-After']).toBe('42');
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'ゆっくり。',
      messageEn: 'Slow down.',
      messageJa: 'ゆっくり。',
      code: 'X',
      correlationId: 'corr-1',
    });
  });

  it('gives Nest’s own exceptions both languages', () => {
    const { res, argumentsHost } = host();
    sut.catch(new NotFoundException('Cannot GET /x'), argumentsHost);
    expect(res.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      message: 'The requested resource was not found.',
      messageJa: '指定されたものが見つかりません。',
    });
  });
});
