import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { APP_CONFIG } from '../infrastructure/tokens';

const POLLER_FRESH_MS = 90_000;

/**
 * The API's one Temporal connection and client. The connection is lazy so the API starts (and
 * /health can say what is wrong) while Temporal is still coming up; gRPC reconnects by itself.
 */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  private readonly logger = new Logger('Temporal');
  readonly connection: Connection;
  readonly client: Client;
  /**
   * /health's own channel, without the client's retry interceptor: a probe should answer "not
   * reachable now" at once, and the interceptor's retry timers outlive a call's deadline (they
   * would fire into a closed channel at shutdown).
   */
  private readonly probe: Connection;
  readonly taskQueue: string;
  readonly namespace: string;
  /**
   * Whether this process has reached Temporal at least once. Once it has, a command that fails
   * with UNAVAILABLE may have reached it on an earlier attempt (the client retries the same
   * request; a killed server can take an Update with it and answer "refused" to the retry), so it
   * is never a 503 "surely not applied".
   */
  private reachedOnce = false;

  get reached(): boolean {
    return this.reachedOnce;
  }

  markReached(): void {
    this.reachedOnce = true;
  }

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Few, quick retries: an HTTP caller should hear "unavailable" within ~1.5 s, not after the
    // SDK's default ten attempts (~20 s).
    this.connection = Connection.lazy({
      address: config.temporalAddress,
      interceptors: [
        makeGrpcRetryInterceptor(
          defaultGrpcRetryOptions({ maxAttempts: 4, factor: 2, initialIntervalMs: () => 100 }),
        ),
      ],
    });
    this.probe = Connection.lazy({ address: config.temporalAddress, interceptors: [] });
    this.namespace = config.temporalNamespace;
    this.taskQueue = config.taskQueue;
    this.client = new Client({ connection: this.connection, namespace: config.temporalNamespace });
  }

  /** One round trip to the frontend service (GetSystemInfo), bounded by `timeoutMs`, no retries. */
  async ping(timeoutMs: number): Promise<void> {
    await this.probe.withDeadline(Date.now() + timeoutMs, () => this.probe.workflowService.getSystemInfo({}));
    this.reachedOnce = true;
  }

  /**
   * How many workers polled the cycle task queue recently (DescribeTaskQueue, workflow tasks).
   * A live worker re-polls at least every ~70 s (a long poll lasts up to a minute), so a poller
   * last seen longer ago than POLLER_FRESH_MS is taken as gone.
   */
  async activePollers(timeoutMs: number): Promise<number> {
    const answer = await this.probe.withDeadline(Date.now() + timeoutMs, () =>
      this.probe.workflowService.describeTaskQueue({
        namespace: this.namespace,
        taskQueue: { name: this.taskQueue },
      }),
    );
    const now = Date.now();
    return (answer.pollers ?? []).filter((poller) => {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 < POLLER_FRESH_MS;
    }).length;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.connection.close(), this.probe.close()]);
    this.logger.log('Temporal connection closed');
  }
}
