import { audienceOf } from './notification-audience';

const facts = { approvalSubmittedBy: null, taskSubmittedBy: null, cancelledTaskAssignees: [] };

describe('audienceOf', () => {
  it('sends reminders to the assignee only', () => {
    expect(audienceOf('task.reminder', { assigneeUserId: 'a', recipientUserId: 'a' }, facts)).toEqual({
      userIds: ['a'],
      roles: [],
      excludeUserIds: [],
    });
  });
  it('tells the assignee alone that a scheduled task has opened', () => {
    expect(audienceOf('task.opened', { assigneeUserId: 'a', early: false }, facts)).toEqual({
      userIds: ['a'],
      roles: [],
      excludeUserIds: [],
    });
  });
  it('escalates to the assignee and the tenant’s hq_admins', () => {
    expect(audienceOf('task.escalated', { assigneeUserId: 'a' }, facts)).toEqual({
      userIds: ['a'],
      roles: ['hq_admin'],
      excludeUserIds: [],
    });
  });
  it('asks the approvers of the step, never the submitter', () => {
    expect(
      audienceOf(
        'approval.requested',
        { requiredRole: 'hq_approver' },
        { ...facts, approvalSubmittedBy: 's' },
      ),
    ).toEqual({ userIds: [], roles: ['hq_approver'], excludeUserIds: ['s'] });
  });
  it('tells the submitter of a return, falling back to the assignee', () => {
    expect(
      audienceOf('submission.returned', { assigneeUserId: 'a' }, { ...facts, taskSubmittedBy: 's' }).userIds,
    ).toEqual(['s']);
    expect(audienceOf('submission.returned', { assigneeUserId: 'a' }, facts).userIds).toEqual(['a']);
  });
  it('tells the people whose tasks a withdrawal cancelled, and nobody when a cycle simply completes', () => {
    const withdrawn = { ...facts, cancelledTaskAssignees: ['a', 'b'] };
    expect(audienceOf('cycle.closed', { status: 'withdrawn' }, withdrawn).userIds).toEqual(['a', 'b']);
    expect(audienceOf('cycle.closed', { status: 'completed' }, withdrawn).userIds).toEqual([]);
  });
  it('tells nobody of events that are for systems only', () => {
    expect(audienceOf('cycle.stage_changed', { assigneeUserId: 'a' }, facts)).toEqual({
      userIds: [],
      roles: [],
      excludeUserIds: [],
    });
  });
});
