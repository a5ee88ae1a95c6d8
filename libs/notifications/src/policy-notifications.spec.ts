import { batchKeyOf } from './fan-out-plan';
import { personKindOf } from './notification-kinds';
import { renderBatch, renderNotification } from './notification-templates';
import { policyAudience } from './policy-notifications';

const OWNER = '00000000-0000-4000-8000-000000000001';
const SUBMITTER = '00000000-0000-4000-8000-000000000002';
const facts = { approvalSubmittedBy: SUBMITTER, policyOwner: OWNER, policyStepRole: 'hq_approver' };

describe('施策評価 messages', () => {
  it('follow the 通知設定 of the item kind beside them; other events keep their own', () => {
    expect(personKindOf('policy_evaluation.reminder')).toBe('task.reminder');
    expect(personKindOf('policy_evaluation.approval_requested')).toBe('approval.requested');
    expect(personKindOf('task.reminder')).toBe('task.reminder');
    expect(personKindOf('policy_evaluation.started')).toBeNull();
    expect(personKindOf('cycle.started')).toBeNull();
  });

  it('reach the 担当部長, HQ admins on escalation, and the step’s role but not the submitter', () => {
    expect(policyAudience('policy_evaluation.escalated', { reminderKey: 'overdue' }, facts)).toEqual({
      userIds: [OWNER],
      roles: ['hq_admin'],
      excludeUserIds: [],
    });
    expect(
      policyAudience('policy_evaluation.approval_requested', {}, { ...facts, policyStepRole: null }),
    ).toEqual({
      userIds: [],
      roles: ['hq_approver'],
      excludeUserIds: [SUBMITTER],
    });
    expect(
      policyAudience('policy_evaluation.returned', { recipientUserId: SUBMITTER }, facts).userIds,
    ).toEqual([SUBMITTER]);
    expect(policyAudience('policy_evaluation.owner_changed', {}, facts)).toEqual({
      userIds: [],
      roles: [],
      excludeUserIds: [],
    });
  });

  it('open mails of one year to one person go as one, said as 施策評価', () => {
    const payload = { fiscalYear: 2026, evaluationId: 'ev-1', dueAt: '2027-07-30T08:00:00.000Z' };
    expect(batchKeyOf({ type: 'policy_evaluation.opened', payload })).toBe('policy_evaluation.opened:2026');
    const one = renderNotification({
      type: 'policy_evaluation.opened',
      payload,
      item: { code: '1-A', title: '行政のデジタル化' },
      language: 'ja',
      recipientUserId: OWNER,
      publicUrl: 'http://pdca.test/',
    });
    expect(one.link).toBe('http://pdca.test/policy-evaluations/ev-1');
    const batch = renderBatch('policy_evaluation.opened', 2026, [one, one], 'ja', 'http://pdca.test');
    expect(batch.subject).toBe('【行財政改革】2026年度 施策評価2件の受付が始まりました。提出をお願いします');
  });
});
