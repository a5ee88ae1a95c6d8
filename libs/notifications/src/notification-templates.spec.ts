import { SUBMISSION_KIND_LABELS } from '@pdca/domain';
import {
  daysBefore,
  formatJst,
  linkPaths,
  renderBatch,
  renderDigest,
  renderNotification,
} from './notification-templates';

const base = {
  item: { code: '1-1', title: '窓口サービスのDX推進' },
  recipientUserId: 'leader',
  publicUrl: 'https://pdca.example.lg.jp/',
};
const payload = {
  cycleId: 'cycle-1',
  taskId: 'task-1',
  itemId: 'item-1',
  fiscalYear: 2025,
  taskKind: 'plan',
  taskTitle: { ja: '計画', en: 'Plan' },
  dueAt: '2025-04-30T08:00:00.000Z',
  assigneeUserId: 'leader',
  reminderKey: 'before-7d',
};

describe('renderNotification', () => {
  it('writes the subject a city official recognises, with the JST due date and a link', () => {
    const sut = renderNotification({ ...base, type: 'task.reminder', payload, language: 'ja' });
    expect(sut.subject).toBe('【行財政改革】2025年度 計画の提出期限が7日後です（1-1 窓口サービスのDX推進）');
    expect(sut.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(sut.text).toContain('年度: 2025年度');
    expect(sut.link).toBe('https://pdca.example.lg.jp/cycles/cycle-1/tasks/task-1');
  });

  it('speaks English to an English reader', () => {
    const sut = renderNotification({ ...base, type: 'task.reminder', payload, language: 'en' });
    expect(sut.subject).toBe('[Reform plan] FY2025 – Plan is due in 7 days (1-1 窓口サービスのDX推進)');
    expect(sut.text).toContain('Due: Wed 30 Apr 2025, 17:00 JST');
  });

  it('announces a task that is still scheduled with its opening date, not as one to submit now', () => {
    const scheduled = { ...payload, taskStatus: 'scheduled', openAt: '2025-05-01T00:00:00.000+09:00' };
    const ja = renderNotification({ ...base, type: 'task.assigned', payload: scheduled, language: 'ja' });
    const en = renderNotification({ ...base, type: 'task.assigned', payload: scheduled, language: 'en' });
    expect(ja.title).toBe(
      '2025年度 計画が予定されました（2025年5月1日(木) 00:00から受付）（1-1 窓口サービスのDX推進）',
    );
    expect(ja.text).toContain('受付開始: 2025年5月1日(木) 00:00');
    expect(ja.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(en.title).toBe(
      'FY2025 – Scheduled: Plan (opens Thu 1 May 2025, 00:00 JST) (1-1 窓口サービスのDX推進)',
    );
    const open = renderNotification({
      ...base,
      type: 'task.assigned',
      payload: { ...payload, taskStatus: 'open', openAt: null },
      language: 'ja',
    });
    expect(open.title).toBe('2025年度 計画の作成・提出をお願いします（1-1 窓口サービスのDX推進）');
  });

  it('tells the assignee when a scheduled task opens, in both languages', () => {
    const ja = renderNotification({ ...base, type: 'task.opened', payload, language: 'ja' });
    const en = renderNotification({ ...base, type: 'task.opened', payload, language: 'en' });
    expect(ja.subject).toBe(
      '【行財政改革】2025年度 計画の受付が始まりました。提出をお願いします（1-1 窓口サービスのDX推進）',
    );
    expect(ja.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(en.title).toBe('FY2025 – Plan is open: please submit it (1-1 窓口サービスのDX推進)');
    expect(ja.link).toBe('https://pdca.example.lg.jp/cycles/cycle-1/tasks/task-1');
  });

  it('tells the assignee and HQ different things about an escalation', () => {
    const own = renderNotification({ ...base, type: 'task.escalated', payload, language: 'ja' });
    const hq = renderNotification({
      ...base,
      type: 'task.escalated',
      payload,
      language: 'ja',
      recipientUserId: 'hq',
    });
    expect(own.title).toContain('本部に報告されました');
    expect(hq.title).toBe('2025年度 期限超過: 計画が未提出です（1-1 窓口サービスのDX推進）');
    expect(hq.link).toBe(own.link);
  });

  it('escapes HTML from user-written text (a return comment)', () => {
    const sut = renderNotification({
      ...base,
      type: 'submission.returned',
      payload: { ...payload, comment: '<script>x</script>' },
      language: 'ja',
    });
    expect(sut.html).not.toContain('<script>');
    expect(sut.html).toContain('&lt;script&gt;');
    expect(sut.text).toContain('本部のコメント: <script>x</script>');
  });

  it('collects a digest into one mail', () => {
    const one = renderNotification({ ...base, type: 'task.reminder', payload, language: 'ja' });
    const sut = renderDigest([one, one], 'ja', 'https://pdca.example.lg.jp');
    expect(sut.subject).toBe('【行財政改革】2025年度 本日のお知らせ（2件）');
    const next = renderNotification({
      ...base,
      type: 'task.reminder',
      payload: { ...payload, fiscalYear: 2026 },
      language: 'en',
    });
    expect(renderDigest([one, next], 'en', 'https://pdca.example.lg.jp').subject).toBe(
      "[Reform plan] FY2025, FY2026 – Today's notifications (2)",
    );
    expect(sut.text.split('・')).toHaveLength(3);
    expect(sut.text).toContain(
      '通知の設定は画面の「通知設定」で変更できます: https://pdca.example.lg.jp/notifications',
    );
  });

  const approval = {
    cycleId: 'cycle-1',
    itemId: 'item-1',
    approvalId: 'approval-2',
    taskId: 'task-1',
    submissionKind: 'plan',
    stepLabel: { ja: '本部承認', en: 'HQ approval' },
  };

  it('says the fiscal year and the round in every subject: FY2026 and FY2027, round 1 and round 2 differ', () => {
    const plan = SUBMISSION_KIND_LABELS.plan;
    const subject = (fiscalYear: number, round: number, language: 'ja' | 'en' = 'ja') =>
      renderNotification({
        ...base,
        type: 'approval.requested',
        payload: { ...approval, fiscalYear },
        round,
        language,
        recipientUserId: 'hq',
      }).subject;
    expect(subject(2026, 1)).toBe(
      `【行財政改革】2026年度 承認依頼: ${plan.ja} 第1回（本部承認）（1-1 窓口サービスのDX推進）`,
    );
    expect(subject(2027, 1)).toBe(
      `【行財政改革】2027年度 承認依頼: ${plan.ja} 第1回（本部承認）（1-1 窓口サービスのDX推進）`,
    );
    expect(subject(2026, 2)).toBe(
      `【行財政改革】2026年度 承認依頼: ${plan.ja} 第2回（本部承認）（1-1 窓口サービスのDX推進）`,
    );
    expect(subject(2026, 2, 'en')).toBe(
      `[Reform plan] FY2026 – Approval requested: ${plan.en}, round 2 (HQ approval) (1-1 窓口サービスのDX推進)`,
    );
    const returned = renderNotification({
      ...base,
      type: 'submission.returned',
      payload: { ...payload, fiscalYear: 2026, round: 1, comment: '根拠を' },
      language: 'ja',
    });
    expect(returned.subject).toBe(
      '【行財政改革】2026年度 計画 第1回が差し戻されました（1-1 窓口サービスのDX推進）',
    );
    // A budget reflection is about the cycle's year (it sets the next year's budget).
    const budget = renderNotification({
      ...base,
      type: 'budget.reflected',
      payload: { itemId: 'item-1', fiscalYear: 2027, sourceFiscalYear: 2026 },
      language: 'ja',
      recipientUserId: 'hq',
    });
    expect(budget.subject).toMatch(/^【行財政改革】2026年度 .*2027年度予算に反映されました/);
  });

  it('links each mail to the page it names, one every recipient can open', () => {
    const link = (type: string, p: Record<string, unknown>, recipientUserId = 'leader') =>
      renderNotification({
        ...base,
        item: { ...base.item, planId: 'plan-9' },
        type,
        payload: p,
        language: 'ja',
        recipientUserId,
      }).link;
    const root = 'https://pdca.example.lg.jp';
    // 「計画書が承認されました」: the approval it names (not /items/<id>, which the app does not have).
    expect(link('submission.approved', { ...approval, fiscalYear: 2026 })).toBe(
      `${root}/cycles/cycle-1/approvals/approval-2`,
    );
    expect(link('approval.requested', { ...approval, fiscalYear: 2026 }, 'hq')).toBe(
      `${root}/cycles/cycle-1/approvals/approval-2`,
    );
    for (const type of [
      'task.assigned',
      'task.opened',
      'task.reminder',
      'task.deadline_moved',
      'submission.returned',
    ])
      expect(link(type, payload)).toBe(`${root}/cycles/cycle-1/tasks/task-1`);
    expect(link('task.escalated', payload, 'hq')).toBe(`${root}/cycles/cycle-1/tasks/task-1`);
    expect(link('cycle.closed', { itemId: 'item-1', fiscalYear: 2026, status: 'withdrawn' })).toBe(
      `${root}/plans/plan-9`,
    );
    expect(link('budget.reflected', { itemId: 'item-1', fiscalYear: 2027 }, 'hq')).toBe(
      `${root}/audit/items/item-1`,
    );
    for (const type of ['task.assigned', 'submission.approved', 'cycle.closed', 'budget.reflected'])
      expect(link(type, { ...approval, fiscalYear: 2026 })).not.toMatch(/\.jp\/items\//);
    // Nothing that is not an id becomes part of a path.
    expect(linkPaths({ cycleId: '../admin', taskId: 't' }).task).toBe('/tasks');
  });

  it('lists a batch of new tasks in one mail: the year in the subject, each task with its own link', () => {
    const entries = ['1-1', '1-2', '2-1'].map((code, i) =>
      renderNotification({
        ...base,
        item: { code, title: `項目${i}` },
        type: 'task.assigned',
        payload: { ...payload, fiscalYear: 2026, taskId: `task-${i}` },
        language: 'ja',
      }),
    );
    const sut = renderBatch('task.assigned', 2026, entries, 'ja', 'https://pdca.example.lg.jp/');
    expect(sut.subject).toBe('【行財政改革】2026年度 新しいタスクが3件あります');
    expect(sut.text).toContain('1. 2026年度 計画の作成・提出をお願いします（1-1 項目0）');
    expect(sut.text).toContain('https://pdca.example.lg.jp/cycles/cycle-1/tasks/task-2');
    expect(sut.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(sut.text).toContain('「通知設定」');
    expect(sut.html).toContain('<a href="https://pdca.example.lg.jp/cycles/cycle-1/tasks/task-0">');
    const en = renderBatch('task.opened', 2027, entries, 'en', 'https://pdca.example.lg.jp');
    expect(en.subject).toBe('[Reform plan] FY2027 – 3 tasks are open: please submit them');
  });
});

describe('formatJst / daysBefore', () => {
  it('shows the instant in Japan time (the day changes at 15:00 UTC)', () => {
    expect(formatJst('2025-03-31T15:00:00.000Z', 'ja')).toBe('2025年4月1日(火) 00:00');
    expect(formatJst('not a date', 'ja')).toBe('not a date');
  });
  it('reads the days from a reminder key', () => {
    expect(daysBefore('before-7d')).toBe(7);
    expect(daysBefore('overdue-repeat-1')).toBeNull();
  });
});
