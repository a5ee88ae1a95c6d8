import { measure, percentile, summarise } from './latency-stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sut = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sut, 50)).toBe(50);
    expect(percentile(sut, 90)).toBe(90);
    expect(percentile(sut, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarise', () => {
  it('orders the samples and divides by wall time', () => {
    const sut = summarise([30, 10, 20, 40], 2000, 4);
    expect(sut).toMatchObject({ count: 4, concurrency: 4, p50: 20, p99: 40, max: 40, perSecond: 2 });
  });
});

describe('measure', () => {
  it('never has more than `concurrency` operations in flight and runs each index once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const sut = await measure(20, 3, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(i);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sut.count).toBe(20);
  });

  it('fails when an operation fails', async () => {
    await expect(
      measure(3, 2, async (i) => {
        if (i === 1) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
