import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { mapCycleCommandError } from './cycle-command-errors';

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
