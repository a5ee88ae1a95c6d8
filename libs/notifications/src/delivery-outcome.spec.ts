import { backoffMs, classifyHttpStatus, classifySmtpError } from './delivery-outcome';
import { lastDigestInstant } from './outbox-relay';
import { isPrivateAddress, signBody, webhookUrlProblem } from './webhook-sender';

describe('classifying failures', () => {
  it('SMTP 4xx and network errors are temporary, 5xx permanent', () => {
    expect(classifySmtpError({ responseCode: 451, response: '451 try later' }).kind).toBe('temporary');
    expect(classifySmtpError({ responseCode: 550, response: '550 no such user' }).kind).toBe('permanent');
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'timeout' }).kind).toBe('temporary');
  });
  it('HTTP 408/429/5xx are temporary; other 4xx and redirects permanent', () => {
    expect([200, 204, 408, 429, 500, 503, 302, 400, 404].map((s) => classifyHttpStatus(s).kind)).toEqual([
      'delivered',
      'delivered',
      'temporary',
      'temporary',
      'temporary',
      'temporary',
      'permanent',
      'permanent',
      'permanent',
    ]);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt, with jitter in the upper half, up to the cap', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('webhook safety', () => {
  it('knows loopback, private, link-local and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '203.0.113.9', '2001:4860:4860::8888'])
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });
  it('accepts only http(s) URLs without credentials', () => {
    expect(webhookUrlProblem('https://budget.example.jp/hook')).toBeNull();
    expect(webhookUrlProblem('ftp://x.example')).not.toBeNull();
    expect(webhookUrlProblem('https://u:p@x.example')).not.toBeNull();
    expect(webhookUrlProblem('not a url')).not.toBeNull();
  });
  it('signs the raw body with HMAC-SHA256', () => {
    // RFC 4231 test case 2.
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('lastDigestInstant', () => {
  it('is today’s 08:30 JST once it has passed, otherwise yesterday’s', () => {
    expect(lastDigestInstant(new Date('2025-05-01T00:00:00Z'), 510).toISOString()).toBe(
      '2025-04-30T23:30:00.000Z',
    );
    expect(lastDigestInstant(new Date('2025-04-30T23:00:00Z'), 510).toISOString()).toBe(
      '2025-04-29T23:30:00.000Z',
    );
  });
});
