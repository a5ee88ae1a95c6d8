import { audienceOf } from './notification-audience';
import { personKindOf } from './notification-kinds';
import { renderNotification } from './notification-templates';

const facts = { approvalSubmittedBy: 'team-1', taskSubmittedBy: null, cancelledTaskAssignees: [] };
const names = { tenantId: 't', roundId: 'r-1', fiscalYear: 2026 };

it('sends each 事業検証 message to the people it concerns, as an item task’s kind', () => {
  expect(audienceOf('verification.reminder', { ...names, recipientUserId: 'team-1' }, facts)).toEqual({
    userIds: ['team-1'],
    roles: [],
    excludeUserIds: [],
  });
  expect(audienceOf('verification.escalated', { ...names, stage: 'findings' }, facts).roles).toEqual([
    'hq_admin',
  ]);
  // An approval request goes to the step's role, never to the one who submitted the findings.
  expect(audienceOf('verification.approval_requested', { ...names, stepRole: 'hq_approver' }, facts)).toEqual(
    {
      userIds: [],
      roles: ['hq_approver'],
      excludeUserIds: ['team-1'],
    },
  );
  expect(personKindOf('verification.findings_requested')).toBe('task.assigned');
  expect(personKindOf('verification.decision_reminder')).toBe('task.reminder');
});

it('says in Japanese and English what waits, with the round’s link and the year', () => {
  const mail = (language: 'ja' | 'en') =>
    renderNotification({
      type: 'verification.reminder',
      payload: {
        ...names,
        recipientUserId: 'team-1',
        stage: 'findings',
        missingItemIds: ['a', 'b'],
        reminderKey: 'before-7d',
        dueAt: '2026-10-30T08:00:00.000Z',
      },
      language,
      publicUrl: 'https://pdca.example',
    } as never);
  const ja = mail('ja');
  expect(ja.subject).toContain('2026年度');
  expect(ja.subject).toContain('検証結果の入力期限が7日後です');
  expect(ja.text).toContain('検証結果が未入力の改革項目: 2件');
  expect(ja.text).toContain('https://pdca.example/verification-rounds/r-1');
  expect(mail('en').subject).toContain('Findings due in 7 days');
});
