import { LoginAttemptLimiter } from './login-attempt-limiter';

describe('LoginAttemptLimiter', () => {
  let now = 1_000_000;
  const sut = () => new LoginAttemptLimiter({ limit: 3, windowMs: 60_000 }, () => now);

  it('blocks an account after `limit` failures within the window, case-insensitively', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) {
      limiter.assertAllowed('A@example.test');
      limiter.recordFailure('a@example.test');
    }
    expect(() => limiter.assertAllowed('a@EXAMPLE.test')).toThrow(/try again in 60 seconds/);
    limiter.assertAllowed('b@example.test');
  });

  it('forgets failures once they leave the window, and on success', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) limiter.recordFailure('a@example.test');
    now += 60_001;
    limiter.assertAllowed('a@example.test');
    for (let i = 0; i < 3; i++) limiter.recordFailure('c@example.test');
    limiter.reset('c@example.test');
    limiter.assertAllowed('c@example.test');
  });

  it('answers 429 with the seconds until the oldest failure expires', () => {
    const limiter = sut();
    for (let i = 0; i < 3; i++) limiter.recordFailure('a@example.test');
    now += 45_000;
    try {
      limiter.assertAllowed('a@example.test');
      throw new Error('not blocked');
    } catch (err) {
      const e = err as { getStatus(): number; getResponse(): { retryAfterSeconds: number } };
      expect(e.getStatus()).toBe(429);
      expect(e.getResponse().retryAfterSeconds).toBe(15);
    }
  });
});
