/**
 * The cycle's reminder loop: it sleeps until the earliest reminder of any open task and wakes early
 * whenever a task changes (the machine's task version moves), so a moved deadline or a new task
 * takes effect at once. Deterministic workflow code: timers are `condition(…, timeout)`.
 */

import { type BusinessClock, realDelayMsUntil } from '@pdca/domain';
import { condition } from '@temporalio/workflow';
import type { DueReminder } from './cycle-tasks';

export class ReminderClock {
  constructor(
    private readonly clock: BusinessClock,
    private readonly closed: () => boolean,
    /** Changes whenever a task changes: the loop then recomputes its next wake-up. */
    private readonly taskVersion: () => number,
  ) {}

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
      const version = this.taskVersion();
      const next = earliest();
      if (!next) {
        await condition(() => this.closed() || this.taskVersion() !== version);
        continue;
      }
      const delay = realDelayMsUntil(this.clock, at(next), Date.now());
      if (delay > 0) {
        const changed = await condition(() => this.closed() || this.taskVersion() !== version, delay);
        if (changed) continue;
      }
      await send(next);
    }
  }
}
