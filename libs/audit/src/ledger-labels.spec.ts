import { type DescribableEntry, describeLedgerEntry } from './ledger-labels';

const leader = { actorType: 'user' as const, actorName: '改革 リーダー', actorRole: 'wg_leader' };
const system = { actorType: 'system' as const, actorName: null, actorRole: null };
const describe_ = (entry: Partial<DescribableEntry> & { action: string }) =>
  describeLedgerEntry({ ...leader, payload: {}, ...entry });

describe('describeLedgerEntry', () => {
  it('says who did what, in both languages', () => {
    expect(describe_({ action: 'plan.submitted', payload: { round: 1 } })).toEqual({
      ja: '取組計画を提出 — 改革 リーダー（WGリーダー）',
      en: 'action plan submitted by 改革 リーダー (Working-group leader)',
    });
    expect(
      describe_({ action: 'evaluation.submitted', payload: { round: 2, submission: { selfRating: 'A' } } }),
    ).toEqual({
      ja: '評価を再提出（第2回・一次評価（所管） A） — 改革 リーダー（WGリーダー）',
      en: 'evaluation resubmitted (round 2, first evaluation (department) A) by 改革 リーダー (Working-group leader)',
    });
    expect(
      describe_({
        action: 'approval.approved',
        actorName: '本部 承認者',
        actorRole: 'hq_approver',
        payload: { submissionKind: 'plan' },
      }).ja,
    ).toBe('本部承認（取組計画） — 本部 承認者（本部承認者）');
    expect(
      describe_({
        action: 'approval.approved',
        actorName: '本部 承認者',
        actorRole: 'hq_approver',
        payload: { submissionKind: 'evaluation', rating: 'B' },
      }).ja,
    ).toBe('本部承認（評価・二次評価（本部） B） — 本部 承認者（本部承認者）');
  });

  it('names a progress review by its task, whose title carries the period as the calendar names it', () => {
    const title = { ja: '進捗報告（2027年度 上半期）', en: 'Progress review (FY2027 H1)' };
    expect(
      describe_({ action: 'review.submitted', taskTitle: title, payload: { periodIndex: 1, late: true } }),
    ).toEqual({
      ja: '「進捗報告（2027年度 上半期）」を提出（期限後） — 改革 リーダー（WGリーダー）',
      en: 'progress review submitted for "Progress review (FY2027 H1)" (late) by 改革 リーダー (Working-group leader)',
    });
    expect(describe_({ action: 'review.submitted', payload: { periodIndex: 1 } }).ja).toBe(
      '進捗報告を提出 — 改革 リーダー（WGリーダー）',
    );
  });

  it('names the end of a year and HQ discontinuing a cycle with their own words', () => {
    expect(describe_({ ...system, action: 'cycle.completed' }).ja).toBe(
      '年度終了（次年度継続） — システム（自動）',
    );
    expect(describe_({ action: 'cycle.withdrawn', actorName: '本部 事務局', actorRole: 'hq_admin' }).ja).toBe(
      'サイクルを中止 — 本部 事務局（本部事務局）',
    );
  });

  it('names what the engine did by itself', () => {
    expect(describe_({ ...system, action: 'task.reminder', payload: { reminderKey: 'before-1d' } })).toEqual({
      ja: 'リマインダー送信（期限の1日前） — システム（自動）',
      en: 'reminder sent (1 day(s) before the due date) (automatic)',
    });
    expect(
      describe_({
        ...system,
        action: 'budget.reflected',
        payload: { delta: 300_000, proposedAmount: 10_300_000, fiscalYear: 2028, decision: 'continue' },
      }),
    ).toEqual({
      ja: '予算へ反映: +300千円（2028年度 10,300千円、継続） — システム（自動）',
      en: 'budget reflected: +¥300,000 (FY2028: ¥10,300,000, continue) (automatic)',
    });
    // A city's own decision: the label recorded with the event, not the code.
    expect(
      describe_({
        ...system,
        action: 'budget.reflected',
        payload: {
          delta: 0,
          proposedAmount: 0,
          fiscalYear: 2028,
          decision: 'keep_as_is',
          decisionLabel: { ja: '現行どおり', en: 'Keep as is' },
        },
      }).ja,
    ).toBe('予算へ反映: ±0円（2028年度 0千円、現行どおり） — システム（自動）');
  });

  it('writes amounts as budget documents do in Japanese (千円, 円 when not whole thousands), in yen in English', () => {
    const reflected = (delta: number, proposedAmount: number) =>
      describe_({
        ...system,
        action: 'budget.reflected',
        payload: { delta, proposedAmount, fiscalYear: 2027, decision: 'continue' },
      });
    expect(reflected(-300_000, 3_500_000)).toEqual({
      ja: '予算へ反映: -300千円（2027年度 3,500千円、継続） — システム（自動）',
      en: 'budget reflected: -¥300,000 (FY2027: ¥3,500,000, continue) (automatic)',
    });
    expect(reflected(500, 3_500_500).ja).toBe(
      '予算へ反映: +500円（2027年度 3,500,500円、継続） — システム（自動）',
    );
    expect(reflected(0, 0).en).toBe('budget reflected: ±¥0 (FY2027: ¥0, continue) (automatic)');
  });

  it('names openings: on the calendar date by the engine, early by HQ', () => {
    const title = { ja: '進捗報告（2027年度 第4四半期）', en: 'Progress review (FY2027 Q4)' };
    expect(
      describe_({
        ...system,
        action: 'task.opened',
        taskTitle: title,
        payload: { openAt: '2028-03-31T15:00:00.000Z' },
      }),
    ).toEqual({
      ja: '受付開始「進捗報告（2027年度 第4四半期）」（2028年4月1日） — システム（自動）',
      en: 'opened for "Progress review (FY2027 Q4)" (1 Apr 2028) (automatic)',
    });
    expect(
      describe_({
        action: 'task.opened_early',
        actorName: '本部 事務局',
        actorRole: 'hq_admin',
        payload: { scheduledFor: '2028-03-31T15:00:00.000Z' },
      }).ja,
    ).toBe('予定より前倒しで受付開始（予定日 2028年4月1日） — 本部 事務局（本部事務局）');
  });

  it('names a moved deadline with its Japan-time day and hour', () => {
    expect(
      describe_({
        action: 'task.deadline_moved',
        actorName: '本部 事務局',
        actorRole: 'hq_admin',
        // 08:00 UTC is 17:00 JST; 15:30 UTC on 31 December is 00:30 on 1 January in Tokyo.
        payload: { from: '2026-12-25T08:00:00.000Z', to: '2026-12-31T15:30:00.000Z' },
      }),
    ).toEqual({
      ja: '期限を変更（2026年12月25日 17:00 → 2027年1月1日 00:30） — 本部 事務局（本部事務局）',
      en: 'deadline moved (25 Dec 2026 17:00 → 1 Jan 2027 00:30) by 本部 事務局 (HQ administrator)',
    });
  });

  it('names an item removed from its plan by HQ', () => {
    expect(
      describe_({
        action: 'item.removed',
        actorName: '本部 事務局',
        actorRole: 'hq_admin',
        payload: { itemCode: '2-3' },
      }),
    ).toEqual({
      ja: '改革項目「2-3」を計画から削除 — 本部 事務局（本部事務局）',
      en: 'item 2-3 removed from the plan by 本部 事務局 (HQ administrator)',
    });
  });

  it('names a published edition by its fiscal year and number', () => {
    expect(
      describe_({
        action: 'edition.published',
        actorName: '本部 事務局',
        actorRole: 'hq_admin',
        payload: { fiscalYear: 2025, editionNumber: 2 },
      }),
    ).toEqual({
      ja: '令和7年度（2025年度） 第2版を公表 — 本部 事務局（本部事務局）',
      en: 'edition 2 of FY2025 (Reiwa 7) published by 本部 事務局 (HQ administrator)',
    });
  });

  it('names a 主要目標 actual by its indicator and year, and tells a correction from a first entry', () => {
    const entry = (before: unknown) =>
      describe_({
        action: 'indicator.actual_recorded',
        actorName: '本部 事務局',
        actorRole: 'hq_admin',
        payload: { indicatorName: '経常収支比率', fiscalYear: 2025, before, after: { value: 92.5 } },
      });
    expect(entry(null).ja).toBe(
      '「経常収支比率」 令和7年度（2025年度）の実績を入力 — 本部 事務局（本部事務局）',
    );
    expect(entry({ value: 93 }).en).toBe(
      'actual corrected for 経常収支比率 (FY2025 (Reiwa 7)) by 本部 事務局 (HQ administrator)',
    );
  });

  it('falls back to the action name for actions it does not know', () => {
    expect(describe_({ action: 'plan.imported' }).en).toBe(
      'plan.imported by 改革 リーダー (Working-group leader)',
    );
  });
});

describe('施策評価 entries', () => {
  const entry = (action: string, payload: Record<string, unknown>) =>
    describeLedgerEntry({
      action,
      actorType: 'user',
      actorName: '所管 部長',
      actorRole: 'wg_leader',
      payload,
    });

  it('say the year, the round and the rating', () => {
    expect(
      entry('policy_evaluation.submitted', { fiscalYear: 2025, round: 2, submission: { rating: 'B' } }),
    ).toEqual({
      ja: '令和7年度（2025年度）の施策評価を再提出（第2回・担当部評価 B） — 所管 部長（WGリーダー）',
      en: 'policy evaluation of FY2025 (Reiwa 7) resubmitted (round 2, rating B) by 所管 部長 (Working-group leader)',
    });
  });

  it('say why it opened', () => {
    expect(entry('policy_evaluation.opened', { fiscalYear: 2025, openedBy: 'date' }).ja).toContain(
      '期日到来',
    );
  });
});
