import { Injectable, Logger } from '@nestjs/common';
import { FailedProjectionRepository } from '@pdca/persistence/repositories';
import { TemporalClientService } from '../temporal/temporal-client.service';
import type { DependencyHealthDto, HealthDto } from './health.dto';

const PROBE_TIMEOUT_MS = 3000;
// Below the probe timeout so the gRPC call (and the client's retries) settle on their own deadline
// before the answer goes out; nothing is left pending when the app shuts down.
const TEMPORAL_DEADLINE_MS = 2000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');
  /** Parts whose last probe failed: a failure is logged when it starts and when it ends, not on every poll. */
  private readonly down = new Set<string>();
  private lastFailedProjections = 0;

  constructor(
    private readonly temporal: TemporalClientService,
    private readonly failedProjections: FailedProjectionRepository,
  ) {}

  async check(): Promise<HealthDto> {
    let pollers = 0;
    let failed: number | undefined;
    const [postgres, temporal, worker] = await Promise.all([
      this.probe('PostgreSQL', async () => {
        failed = (await this.failedProjections.open()).count;
      }),
      this.probe('Temporal', () => this.temporal.ping(TEMPORAL_DEADLINE_MS)),
      this.probe('The worker', async () => {
        pollers = await this.temporal.activePollers(TEMPORAL_DEADLINE_MS);
        if (pollers === 0) throw Object.assign(new Error('no poller'), { code: 'NO_POLLER' });
      }),
    ]);
    if (failed && failed !== this.lastFailedProjections)
      this.logger.error(`${failed} cycle projection(s) failed; see failed_projections and the worker log`);
    if (failed !== undefined) this.lastFailedProjections = failed;
    return {
      status: postgres.up && temporal.up && worker.up ? 'ok' : 'degraded',
      postgres,
      temporal,
      worker: { ...worker, pollers },
      ...(failed !== undefined ? { projections: { failed } } : {}),
    };
  }

  /**
   * The answer is public, so the error names the part and a short reason code only; the full
   * error (addresses, messages) goes to the log.
   */
  private async probe(name: string, run: () => Promise<unknown>): Promise<DependencyHealthDto> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        run(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
            PROBE_TIMEOUT_MS,
          );
        }),
      ]);
      if (this.down.delete(name)) this.logger.log(`${name} answers again`);
      return { up: true, latencyMs: elapsed(started) };
    } catch (err) {
      if (!this.down.has(name)) {
        this.down.add(name);
        this.logger.warn(`${name} health probe failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { up: false, latencyMs: elapsed(started), error: `${name} did not answer (${reasonCode(err)})` };
    } finally {
      clearTimeout(timer);
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

const GRPC_CODES: Record<number, string> = {
  4: 'DEADLINE_EXCEEDED',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

function reasonCode(err: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
    if (typeof code === 'number' && GRPC_CODES[code]) return GRPC_CODES[code];
    current = (current as { cause?: unknown }).cause;
  }
  return 'ERROR';
}
