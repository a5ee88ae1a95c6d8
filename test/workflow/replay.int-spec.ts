/**
 * Recorded histories of real cycles (test/histories/*.json, recorded with RECORD_HISTORIES=1)
 * must replay against today's workflow code. A change that would break running cycles fails here
 * and needs `patched()` (see README, "Changing workflow code").
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/test-worker';

const dir = path.join(__dirname, '..', 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has recorded histories to replay', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'full-fiscal-year.json',
      'plan-returned-and-resubmitted.json',
      'two-step-approval.json',
      'deadline-moved.json',
      'withdrawn.json',
      'leader-reassigned.json',
      'overlapping-fiscal-years.json',
      'task-opening-dates.json',
      // #21: started by update-with-start with its context in the input.
      'update-with-start.json',
      // #22: a city's own decision list (統合) and scales in the context, the year's settings in cycle.started.
      'city-decision-list.json',
      // #24: a node's 施策評価 opened by its items' approvals, reminded, returned, resubmitted, approved.
      'policy-evaluation.json',
      // #25: a 市の対応方針 opened for the leader, reminded, returned, resubmitted, approved by two steps.
      'external-response.json',
      // #25: a review round: opinions (one replaced), reminders and escalation, two rulings starting two responses.
      'external-review.json',
      // #26: a 事業検証 round: a team reminder, findings (one returned and resubmitted), HQ's decisions on three items.
      'business-verification.json',
    ]),
  );
});

it('replays every recorded history without non-determinism', async () => {
  const histories = files.map((file) => {
    const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    return { workflowId, history };
  });
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: workflowBundle() }, histories)) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});
