import { PROJECTION_DATA_ERROR } from '@pdca/contracts';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { mapCycleCommandError, mapCycleUpdateError } from './cycle-command-errors';

const rejection = (type: string, details: unknown[] = [{ message: { ja: '日本語', en: 'English.' } }]) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type, message: 'English.', nonRetryable: true, details }),
  );

describe('mapCycleCommandError', () => {
  it.each([
    ['WRONG_STAGE', 409],
    ['NOT_PENDING', 409],
    ['CLOSED', 409],
    ['NOT_ALLOWED', 403],
    ['OWN_SUBMISSION', 403],
    ['INVALID_PAYLOAD', 400],
    ['NOT_FOUND', 404],
  ])('maps %s to %d with both messages and the code', (type, status) => {
    const sut = mapCycleCommandError(rejection(type));
    expect(sut?.getStatus()).toBe(status);
    expect(sut?.getResponse()).toMatchObject({ messageEn: 'English.', messageJa: '日本語', code: type });
  });

  it('carries INVALID_PAYLOAD problems as details', () => {
    const sut = mapCycleCommandError(
      rejection('INVALID_PAYLOAD', [
        {
          message: { ja: '誤り', en: 'Invalid.' },
          problems: [
            { field: 'targets[0].target', rule: 'number', message: { ja: '数値', en: 'Enter a number.' } },
          ],
        },
      ]),
    );
    expect(sut?.getResponse()).toMatchObject({
      details: [
        { field: 'targets[0].target', rule: 'number', messageEn: 'Enter a number.', messageJa: '数値' },
      ],
    });
  });

  it('treats a finished workflow as a closed cycle (409)', () => {
    const sut = mapCycleCommandError(new WorkflowNotFoundError('gone', 'pdca/x/y/2025', undefined));
    expect(sut?.getStatus()).toBe(409);
    expect(sut?.getResponse()).toMatchObject({ code: 'CLOSED' });
  });

  it('leaves untyped failures and unknown errors to the 500 handler', () => {
    expect(mapCycleCommandError(rejection('SOMETHING_ELSE'))).toBeUndefined();
    expect(mapCycleCommandError(new Error('x'))).toBeUndefined();
  });
});

describe('mapCycleUpdateError (commands: 503 only when surely not applied)', () => {
  const grpc = (code: number, details: string) =>
    Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

  it('keeps typed rejections as they are', () => {
    expect(mapCycleUpdateError(rejection('WRONG_STAGE'))?.getStatus()).toBe(409);
  });

  it('answers 504 for an untyped Update failure (an Update aborted while the worker was stalled), never 500', () => {
    const sut = mapCycleUpdateError(rejection('SOMETHING_ELSE'));
    expect(sut?.getStatus()).toBe(504);
    expect(sut?.getResponse()).toMatchObject({
      code: 'TIMEOUT',
      messageJa: expect.stringContaining('反映される場合'),
    });
  });

  it('answers 503 when Temporal was never reached, 504 when it became unavailable mid-way', () => {
    expect(
      mapCycleUpdateError(
        grpc(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233'),
      )?.getStatus(),
    ).toBe(503);
    expect(mapCycleUpdateError(grpc(14, 'Connection dropped'))?.getStatus()).toBe(504);
    // Reached before (then killed and refusing connections): an earlier attempt may have been taken.
    expect(
      mapCycleUpdateError(
        grpc(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233'),
        { reachedBefore: true },
      )?.getStatus(),
    ).toBe(504);
    expect(mapCycleUpdateError(new Error('a bug'))).toBeUndefined();
  });
});

describe('a projection PostgreSQL refused as data', () => {
  const refused = () =>
    ApplicationFailure.create({ type: PROJECTION_DATA_ERROR, message: 'refused', nonRetryable: true });

  it.each([
    ['as a local activity (the failure itself)', refused()],
    [
      'as a regular activity (inside an ActivityFailure)',
      new ActivityFailure(
        'failed',
        'projectCycleEvent',
        '5',
        RetryState.NON_RETRYABLE_FAILURE,
        'w',
        refused(),
      ),
    ],
  ])('is a 500 PROJECTION_FAILED %s', (_how, cause) => {
    const sut = mapCycleUpdateError(new WorkflowUpdateFailedError('Workflow Update failed', cause));
    expect(sut?.getStatus()).toBe(500);
    expect(sut?.getResponse()).toMatchObject({ code: 'PROJECTION_FAILED' });
  });

  it('is not a projection failure when another type fails the same way', () => {
    const other = ApplicationFailure.create({ type: 'OTHER', message: 'x', nonRetryable: true });
    const sut = mapCycleUpdateError(new WorkflowUpdateFailedError('Workflow Update failed', other));
    expect(sut?.getResponse()).not.toMatchObject({ code: 'PROJECTION_FAILED' });
  });
});
