import { formatElapsed, redactUrl } from './progress';

describe('formatElapsed', () => {
  it.each([
    [0, '0 ms'],
    [849.6, '850 ms'],
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [61_000, '61.0 s'],
  ])('shows %d ms as %s', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://pdca:s3cret@db:5432/pdca')).toBe('postgres://pdca:***@db:5432/pdca');
    expect(redactUrl('postgres://db:5432/pdca')).toBe('postgres://db:5432/pdca');
  });
});
