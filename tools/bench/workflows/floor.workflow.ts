/**
 * The floor of the workflow benchmark: a workflow that does nothing but answer an Update. Whatever
 * a product command costs beyond this is ours (HTTP, validation, DB reads, activities), the rest is
 * Temporal's on this server and machine.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const FLOOR_WORKFLOW_TYPE = 'benchFloorWorkflow';
export const floorUpdate = defineUpdate<number, [number]>('floor');
export const floorStopSignal = defineSignal('stop');

export async function benchFloorWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(floorUpdate, (n) => n);
  setHandler(floorStopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
