import { externalAudience } from './external-review-notifications';
import { batchKeyOf } from './fan-out-plan';
import { personKindOf } from './notification-kinds';
import { renderBatch, renderNotification } from './notification-templates';

const MEMBER = '00000000-0000-4000-8000-000000000001';
const CHAIR = '00000000-0000-4000-8000-000000000002';
const LEADER = '00000000-0000-4000-8000-000000000003';
const REVIEW = '00000000-0000-4000-8000-0000000000aa';
const RESPONSE = '00000000-0000-4000-8000-0000000000bb';
const facts = { approvalSubmittedBy: LEADER, externalLeader: LEADER, externalStepRole: 'hq_approver' };
const base = { tenantId: 't', reviewId: REVIEW, fiscalYear: 2026 };
const render = (type: string, payload: Record<string, unknown>, language: 'ja' | 'en' = 'ja', extra = {}) =>
  renderNotification({
    type,
    payload: { ...base, ...payload },
    item: null,
    language,
    recipientUserId: MEMBER,
    publicUrl: 'https://pdca.example/',
    ...extra,
  });

describe('外部評価 messages', () => {
  it('follow the 通知設定 of the item kind beside them; the ruling reaches nobody by mail', () => {
    expect(personKindOf('external_review.opinion_requested')).toBe('task.assigned');
    expect(personKindOf('external_review.reminder')).toBe('task.reminder');
    expect(personKindOf('external_response.opened')).toBe('task.opened');
    expect(personKindOf('external_response.approval_requested')).toBe('approval.requested');
    expect(personKindOf('external_review.ruled')).toBeNull();
  });

  it('reach the member, the chair and HQ admins on escalation, the leader, and the step’s role but not the submitter', () => {
    expect(externalAudience('external_review.opinion_requested', { memberUserId: MEMBER }, facts)).toEqual({
      userIds: [MEMBER],
      roles: [],
      excludeUserIds: [],
    });
    expect(
      externalAudience(
        'external_review.escalated',
        { chairUserId: CHAIR, missingMemberUserIds: [MEMBER] },
        facts,
      ),
    ).toEqual({ userIds: [CHAIR], roles: ['hq_admin'], excludeUserIds: [] });
    expect(externalAudience('external_response.escalated', { reminderKey: 'overdue' }, facts)).toEqual({
      userIds: [LEADER],
      roles: ['hq_admin'],
      excludeUserIds: [],
    });
    expect(externalAudience('external_response.approval_requested', { stepRole: 'hq_admin' }, facts)).toEqual(
      { userIds: [], roles: ['hq_admin'], excludeUserIds: [LEADER] },
    );
    expect(
      externalAudience('external_response.returned', { recipientUserId: LEADER }, facts).userIds,
    ).toEqual([LEADER]);
    expect(externalAudience('external_review.ruled', { chairUserId: CHAIR }, facts).userIds).toEqual([]);
  });

  it('name the round by its title and the year as every mail does (2026年度), link to the round or the response, never quote an opinion', () => {
    const request = render('external_review.opinion_requested', {
      memberUserId: CHAIR,
      title: '令和8年度 外部評価（第1回）',
      itemCount: 3,
      chair: true,
      dueAt: '2026-09-30T08:00:00.000Z',
    });
    expect(request.subject).toBe('【行財政改革】「令和8年度 外部評価（第1回）」への意見の提出をお願いします');
    expect(request.facts).toEqual([
      '年度: 2026年度',
      '外部評価: 令和8年度 外部評価（第1回）',
      '対象の改革項目: 3件',
      'あなたは委員長です。各改革項目の委員会の評価（結果と理由）の記録をお願いします',
      '意見の提出期限: 2026年9月30日(水) 17:00',
    ]);
    expect(request.link).toBe(`https://pdca.example/external-reviews/${REVIEW}`);
    // A title without the year gets it in front, as every other mail's subject.
    const reminder = render(
      'external_review.reminder',
      {
        memberUserId: MEMBER,
        missingItemIds: ['a', 'b'],
        reminderKey: 'before-3d',
        dueAt: '2026-09-30T08:00:00.000Z',
      },
      'ja',
      { reviewTitle: '外部評価（第2回）' },
    );
    expect(reminder.subject).toBe('【行財政改革】2026年度 「外部評価（第2回）」の意見の提出期限が3日後です');
    expect(reminder.facts).toContain('意見が未提出の改革項目: 2件');
    const en = render(
      'external_response.approval_requested',
      { responseId: RESPONSE, approvalId: 'x', stepRole: 'hq_approver' },
      'en',
      { round: 2, reviewTitle: '外部評価（第2回）' },
    );
    expect(en.subject).toBe('[Reform plan] FY2026 – Approval requested: City’s response, round 2');
    // A title giving the year in the western form is not led by it again.
    const western = render('external_review.opinion_requested', {
      memberUserId: MEMBER,
      title: '2026年度 外部評価',
      itemCount: 1,
      dueAt: '2026-09-30T08:00:00.000Z',
    });
    expect(western.subject).toBe('【行財政改革】「2026年度 外部評価」への意見の提出をお願いします');
    expect(en.link).toBe(`https://pdca.example/external-responses/${RESPONSE}`);
    const approved = render('external_response.approved', { responseId: RESPONSE, expectedEffect: 1200000 });
    expect(approved.facts).toContain('効果見込額: 1,200,000円');
  });

  it('batch a leader’s response tasks of one year into one mail', () => {
    const opened = { type: 'external_response.opened', payload: { fiscalYear: 2026 } };
    expect(batchKeyOf(opened)).toBe('external_response.opened:2026');
    const entry = render('external_response.opened', {
      responseId: RESPONSE,
      leaderUserId: LEADER,
      ruling: { result: 'revise', resultLabel: { ja: '見直し', en: 'Revise' } },
      dueAt: '2026-10-30T08:00:00.000Z',
    });
    expect(entry.facts).toContain('委員会の評価: 見直し');
    const batch = renderBatch('external_response.opened', 2026, [entry, entry], 'ja', 'https://pdca.example');
    expect(batch.subject).toBe(
      '【行財政改革】2026年度 外部評価を受けて市の対応方針2件の作成・提出をお願いします',
    );
  });
});
