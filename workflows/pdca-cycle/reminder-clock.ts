/**
 * The cycle's reminder loop: it sleeps until the earliest reminder of any open task and wakes early
 * whenever a task changes (`touch()`), so a moved deadline or a new task takes effect at once.
 * Deterministic workflow code: timers are `condition(…, timeout)`.
 */
import { condition } from '@temporalio/workflow';
import type { TaskState } from '../../libs/contracts/src';
import { type BusinessClock, type ReminderEvent, realDelayMsUntil } from '../../libs/domain/src';

export interface DueReminder {
  task: TaskState;
  event: ReminderEvent;
}

export class ReminderClock {
  private version = 0;

  constructor(
    private readonly clock: BusinessClock,
    private readonly closed: () => boolean,
  ) {}

  /** Tasks changed: the loop recomputes its next wake-up. */
  touch(): void {
    this.version++;
  }

  /**
   * Runs until the cycle closes, sending each reminder `earliest()` names when it falls due. The
   * same loop opens scheduled tasks on their dates (`at` names when an item falls due).
   */
  async run<T = DueReminder>(
    earliest: () => T | null,
    send: (due: T) => Promise<void>,
    at: (due: T) => Date = (due) => (due as DueReminder).event.at,
  ): Promise<void> {
    while (!this.closed()) {
      const version = this.version;
      const next = earliest();
      if (!next) {
        await condition(() => this.closed() || this.version !== version);
        continue;
      }
      const delay = realDelayMsUntil(this.clock, at(next), Date.now());
      if (delay > 0) {
        const changed = await condition(() => this.closed() || this.version !== version, delay);
        if (changed) continue;
      }
      await send(next);
    }
  }
}
