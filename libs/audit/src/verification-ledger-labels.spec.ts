import { describeVerificationAction } from './verification-ledger-labels';

it('says each 事業検証 step in Japanese and English, never quoting the findings', () => {
  expect(
    describeVerificationAction('verification.created', {
      title: '令和8年度 事業検証',
      itemIds: ['a', 'b', 'c'],
      carriedOverItemIds: ['a'],
      teamUserIds: ['u1', 'u2'],
      findingsDueAt: '2026-10-30T08:00:00.000Z',
    })?.ja,
  ).toMatch(
    /^事業検証「令和8年度 事業検証」を開始（改革項目3件・うち方向性未決定の持ち越し1件・検証チーム2名・検証結果の期限 /,
  );
  const submitted = describeVerificationAction('verification.submitted', {
    round: 2,
    submission: { findings: '受益者が限定的である。', decision: 'reduce', budgetProposal: 8_000_000 },
    decisionLabel: { ja: '縮小', en: 'Reduce' },
  })!;
  expect(submitted.ja).toBe('検証結果を再提出（方向性 縮小・反映額 8,000千円・第2回）');
  expect(JSON.stringify(submitted)).not.toContain('受益者');
  expect(
    describeVerificationAction('verification.approved', {
      decision: 'reduce',
      decisionLabel: { ja: '縮小', en: 'Reduce' },
      carriesOver: false,
      budget: { fiscalYear: 2027, delta: -2_000_000 },
    }),
  ).toEqual({
    ja: '本部の決定（縮小・2027年度予算へ -2,000千円）',
    en: 'HQ’s decision (Reduce; FY2027 budget -¥2,000,000)',
  });
  expect(
    describeVerificationAction('verification.approved', {
      decision: 'undecided',
      decisionLabel: { ja: '方向性未決定', en: 'Undecided' },
      carriesOver: true,
      budget: null,
    })?.ja,
  ).toBe('本部の決定（方向性未決定・次年度の事業検証で再検証）');
  expect(describeVerificationAction('verification.approved', { nextStep: 'hq_director' })?.ja).toBe(
    '検証結果を承認（次の承認段階へ）',
  );
  expect(describeVerificationAction('verification.escalated', { stage: 'decision' })?.ja).toBe(
    '本部の決定の期限超過を本部へエスカレーション',
  );
  expect(describeVerificationAction('verification.unknown', {})).toBeNull();
});
