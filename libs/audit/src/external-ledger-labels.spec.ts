import { type DescribableEntry, describeLedgerEntry } from './ledger-labels';

const member = { actorType: 'user' as const, actorName: '山田 太郎', actorRole: 'external_reviewer' };
const admin = { actorType: 'user' as const, actorName: '本部 事務局', actorRole: 'hq_admin' };
const leader = { actorType: 'user' as const, actorName: '改革 リーダー', actorRole: 'wg_leader' };
const approver = { actorType: 'user' as const, actorName: '本部 承認者', actorRole: 'hq_approver' };
const system = { actorType: 'system' as const, actorName: null, actorRole: null };
const names = { reviewId: 'r1', responseId: 'x1', itemId: 'i1', fiscalYear: 2026 };
// Texts people wrote: none of them may appear in a sentence.
const SECRET = '秘密の意見テキスト';

/** One entry of every ledger action the review round and the city's response write. */
const ENTRIES: Array<Omit<DescribableEntry, 'payload'> & { payload: Record<string, unknown> }> = [
  {
    ...admin,
    action: 'external_review.created',
    payload: {
      ...names,
      title: '令和8年度 第1回 外部評価',
      itemIds: ['i1', 'i2'],
      memberUserIds: ['m1', 'm2', 'm3'],
      chairUserId: 'm1',
      dueAt: '2026-10-30T08:00:00.000Z',
    },
  },
  {
    ...member,
    action: 'external_review.opinion_submitted',
    payload: {
      ...names,
      memberUserId: 'm1',
      result: 'revise',
      revision: 1,
      replaced: false,
      opinion: SECRET,
    },
  },
  {
    ...member,
    action: 'external_review.ruled',
    payload: {
      ...names,
      result: 'revise',
      resultLabel: { ja: '見直し', en: 'Revise' },
      responseId: 'x1',
      roundRuled: false,
    },
  },
  {
    ...system,
    action: 'external_review.reminder_sent',
    payload: {
      ...names,
      reminderKey: 'before-3d',
      dueAt: '2026-10-30T08:00:00.000Z',
      overdue: false,
      missing: [{ memberUserId: 'm2', itemIds: ['i1'] }],
    },
  },
  {
    ...system,
    action: 'external_review.escalated',
    payload: {
      ...names,
      reminderKey: 'overdue',
      dueAt: '2026-10-30T08:00:00.000Z',
      overdue: true,
      missing: [{ memberUserId: 'm2', itemIds: ['i1'] }],
    },
  },
  {
    ...system,
    action: 'external_response.opened',
    payload: {
      ...names,
      leaderUserId: 'l1',
      openAt: '2026-11-01T00:00:00.000Z',
      dueAt: '2026-12-01T08:00:00.000Z',
      ruling: { result: 'revise', resultLabel: { ja: '見直し', en: 'Revise' } },
    },
  },
  {
    ...system,
    action: 'external_response.reminder',
    payload: { ...names, reminderKey: 'before-7d', dueAt: '2026-12-01T08:00:00.000Z', overdue: false },
  },
  {
    ...system,
    action: 'external_response.escalated',
    payload: { ...names, reminderKey: 'overdue', dueAt: '2026-12-01T08:00:00.000Z', overdue: true },
  },
  {
    ...leader,
    action: 'external_response.submitted',
    payload: {
      ...names,
      round: 1,
      submission: { response: SECRET, expectedEffect: 3_600_000, timing: SECRET },
    },
  },
  {
    ...approver,
    action: 'external_response.returned',
    payload: { ...names, decision: 'return', round: 1, step: 'hq' },
  },
  {
    ...approver,
    action: 'external_response.approved',
    payload: { ...names, decision: 'approve', round: 2, step: 'hq' },
  },
  {
    ...leader,
    action: 'external_response.follow_up',
    payload: {
      ...names,
      before: { fiscalYear: null, text: null },
      after: { fiscalYear: 2027, text: SECRET },
    },
  },
];

const sentence = (action: string, patch: Record<string, unknown> = {}) => {
  const entry = ENTRIES.find((e) => e.action === action)!;
  return describeLedgerEntry({ ...entry, payload: { ...entry.payload, ...patch } });
};

describe('外部評価 entries', () => {
  it.each(ENTRIES.map((e) => [e.action, e] as const))(
    '%s has a sentence in both languages, without codes, ids or texts people wrote',
    (_action, entry) => {
      const text = describeLedgerEntry(entry);
      for (const words of [text.ja, text.en]) {
        expect(words).not.toContain('external_');
        expect(words).not.toMatch(/[a-z]+_[a-z]+/); // no code such as as_is, wg_leader, reminder_sent
        expect(words).not.toContain(SECRET);
        expect(words).not.toMatch(/\b(r1|x1|i1|m1|l1)\b/);
        expect(words).not.toContain('?');
      }
      expect(text.ja).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(text.en).not.toMatch(/[をにへ（]/); // English words around the names
    },
  );

  it('names the round, its year, its size and its due date when an item is chosen', () => {
    expect(sentence('external_review.created')).toEqual({
      ja: '令和8年度（2026年度）の外部評価「令和8年度 第1回 外部評価」の対象に選定（改革項目2件・委員3名・期限 2026年10月30日 17:00） — 本部 事務局（本部事務局）',
      en: 'chosen for the review round “令和8年度 第1回 外部評価” of FY2026 (Reiwa 8) (2 item(s), 3 external reviewer(s), due 30 Oct 2026 17:00) by 本部 事務局 (HQ administrator)',
    });
  });

  it('names a member’s opinion by its proposed result and version, never by its text', () => {
    expect(sentence('external_review.opinion_submitted')).toEqual({
      ja: '意見を提出（評価区分（案） 見直し） — 山田 太郎（外部評価委員）',
      en: 'opinion submitted (proposed result: Revise) by 山田 太郎 (External reviewer)',
    });
    expect(
      sentence('external_review.opinion_submitted', { result: 'reduce', revision: 2, replaced: true }),
    ).toEqual({
      ja: '意見を差し替え（評価区分（案） 縮小・第2版） — 山田 太郎（外部評価委員）',
      en: 'opinion replaced (proposed result: Reduce, version 2) by 山田 太郎 (External reviewer)',
    });
    // A city's own result code that the entry records without its label stays readable as the code.
    expect(sentence('external_review.opinion_submitted', { result: 'keep' }).ja).toContain(
      '評価区分（案） keep',
    );
  });

  it('names the committee’s ruling by the label recorded with it, and says when the round is done', () => {
    expect(sentence('external_review.ruled').ja).toBe(
      '委員会の評価を記録（見直し） — 山田 太郎（外部評価委員）',
    );
    expect(
      sentence('external_review.ruled', {
        result: 'keep',
        resultLabel: { ja: '継続', en: 'Continue' },
        roundRuled: true,
      }),
    ).toEqual({
      ja: '委員会の評価を記録（継続・全項目の評価完了） — 山田 太郎（外部評価委員）',
      en: 'committee ruling recorded (Continue; every item of the round ruled) by 山田 太郎 (External reviewer)',
    });
  });

  it('names the reminders and the escalation of a round with the members still missing', () => {
    expect(sentence('external_review.reminder_sent').ja).toBe(
      '外部評価の意見提出のリマインダー送信（期限の3日前・未提出の委員1名） — システム（自動）',
    );
    expect(sentence('external_review.escalated').en).toBe(
      'review round’s opinions overdue, escalated to the chair and HQ (1 external reviewer(s) missing) (automatic)',
    );
  });

  it('names the city’s response: opened with the ruling and due date, submitted with its expected effect', () => {
    expect(sentence('external_response.opened')).toEqual({
      ja: '市の対応方針の作成を受付開始（委員会の評価 見直し・期限 2026年12月1日 17:00） — システム（自動）',
      en: 'city’s response opened (committee ruling: Revise, due 1 Dec 2026 17:00) (automatic)',
    });
    expect(sentence('external_response.submitted')).toEqual({
      ja: '市の対応方針を提出（効果見込額 3,600千円） — 改革 リーダー（WGリーダー）',
      en: 'city’s response submitted (expected effect ¥3,600,000) by 改革 リーダー (Working-group leader)',
    });
    expect(
      sentence('external_response.submitted', { round: 2, submission: { response: SECRET, timing: SECRET } })
        .ja,
    ).toBe('市の対応方針を再提出（第2回） — 改革 リーダー（WGリーダー）');
  });

  it('tells a step of HQ’s chain from the final approval', () => {
    expect(sentence('external_response.approved').ja).toBe(
      '市の対応方針を承認（決定） — 本部 承認者（本部承認者）',
    );
    expect(sentence('external_response.approved', { nextStep: 'mayor' }).en).toBe(
      'city’s response approved (on to the next approval step) by 本部 承認者 (HQ approver)',
    );
    expect(sentence('external_response.returned').ja).toBe(
      '市の対応方針を差戻し — 本部 承認者（本部承認者）',
    );
  });

  it('names the follow-up by its year and tells a correction from a first entry', () => {
    expect(sentence('external_response.follow_up').ja).toBe(
      '対応方針の実施状況を記入（令和9年度（2027年度）） — 改革 リーダー（WGリーダー）',
    );
    expect(sentence('external_response.follow_up', { before: { fiscalYear: 2027, text: 'x' } }).en).toBe(
      'follow-up corrected (FY2027 (Reiwa 9)) by 改革 リーダー (Working-group leader)',
    );
  });
});
