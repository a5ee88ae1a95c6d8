/** Latency samples of one measured shape, summarised the same way for the floor and the product. */
export interface LatencySummary {
  count: number;
  concurrency: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Completed operations per second of wall time over the whole phase. */
  perSecond: number;
}

/** Nearest-rank percentile of sorted samples (ms). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(samples: readonly number[], wallMs: number, concurrency: number): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    concurrency,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    perSecond: sorted.length / (wallMs / 1000),
  };
}

/**
 * Runs `operation(0..count-1)` with at most `concurrency` in flight and times each one. Every
 * operation must succeed: a benchmark that averages in failures measures nothing.
 */
export async function measure(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<unknown>,
): Promise<LatencySummary> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      const t0 = performance.now();
      await operation(index);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return summarise(samples, performance.now() - started, concurrency);
}

/** Runs `work(0..count-1)` with at most `concurrency` in flight, untimed (setting up a phase). */
export async function inParallel(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<unknown>,
): Promise<void> {
  await measure(count, concurrency, work);
}
