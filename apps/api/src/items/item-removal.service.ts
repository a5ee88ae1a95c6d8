import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { COMMANDS, ITEM_COMMANDS, withdrawUpdate } from '@pdca/contracts';
import { CycleReadRepository, ItemRepository } from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { isLocalizedErrorBody, notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { sendToCycles } from '../cycles/cycle-fan-out';
import { CyclesService } from '../cycles/cycles.service';
import type { ItemRemovalResultDto, RemoveItemDto } from './items.dto';
import { ITEM, ItemsService } from './items.service';

/**
 * HQ removes a reform item from its plan with a reason (plan revision, #22).
 *
 * Order: the item is marked removed first — row, `item.removed` ledger entry (who, when, why) and
 * outbox message in one transaction — and only then is each of its running cycles withdrawn with
 * the same reason, through the cycle's own `withdraw` Update (so each workflow records
 * `cycle.withdrawn` and cancels its tasks and approvals). Why this way round:
 * - The decision is recorded even when Temporal is down, and from that moment nothing opens a new
 *   cycle for the item (the fiscal-year opener and POST /items/{id}/cycles check `removed_at`).
 *   Withdrawing first would leave, when a call fails half-way, cycles withdrawn for a removal the
 *   ledger does not know of, and a gap in which the opener could start a cycle after the list of
 *   running cycles was read.
 * - The half-state it can leave (removed, a cycle still running) is retried by repeating the
 *   request: the item is already removed, so nothing is written again, and the cycles that still
 *   run — read after the mark, so also one started meanwhile — are withdrawn with the recorded
 *   reason. A cycle that refuses or cannot be reached is answered in `cyclesFailed` (as a working
 *   group's reassignment does); a cycle that has ended meanwhile (409 CLOSED) counts as done.
 *
 * Repeating a removal (any reason) is answered with the item as the first removal left it: the
 * first reason stands and no second ledger entry is written.
 */
@Injectable()
export class ItemRemovalService {
  private readonly logger = new Logger('ItemRemoval');

  constructor(
    private readonly items: ItemRepository,
    private readonly itemViews: ItemsService,
    private readonly cycleReads: CycleReadRepository,
    private readonly cycles: CyclesService,
  ) {}

  async remove(
    user: AuthUser,
    itemId: string,
    dto: RemoveItemDto,
    language: 'ja' | 'en',
  ): Promise<ItemRemovalResultDto> {
    const actor = ledgerActor(user, ITEM_COMMANDS.removeItem.roles);
    const outcome = await this.items.removeRecorded(user.tenantId, itemId, actor, dto.reason);
    if (outcome === 'not_found') throw notFound(ITEM);
    const removed = await this.items.findDetail(user.tenantId, itemId);
    const reason = removed?.removal?.reason ?? dto.reason;

    const running = await this.cycleReads.runningCyclesOfItem(user.tenantId, itemId);
    const cyclesFailed = await sendToCycles(
      running,
      (cycle) =>
        this.cycles
          .commandOn(user, cycle.workflowId, withdrawUpdate, (who) => [who, { reason }])
          .catch((err: unknown) => {
            if (!endedAlready(err)) throw err;
          }),
      { what: COMMANDS.withdraw.action, language, logger: this.logger },
    );
    if (outcome === 'removed') {
      this.logger.log(`item ${itemId} removed; ${running.length - cyclesFailed.length} cycle(s) withdrawn`);
    }
    return { item: await this.itemViews.get(user, itemId), cyclesFailed };
  }
}

/** The cycle had ended (withdrawn by an earlier try whose answer was lost, or closed): nothing to do. */
function endedAlready(err: unknown): boolean {
  if (!(err instanceof HttpException) || err.getStatus() !== HttpStatus.CONFLICT) return false;
  const body = err.getResponse();
  return isLocalizedErrorBody(body) && body.code === 'CLOSED';
}
