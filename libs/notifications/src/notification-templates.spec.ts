import { daysBefore, formatJst, renderDigest, renderNotification } from './notification-templates';

const base = {
  item: { code: '1-1', title: '窓口サービスのDX推進' },
  recipientUserId: 'leader',
  publicUrl: 'https://pdca.example.lg.jp/',
};
const payload = {
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
    expect(sut.subject).toBe('【行財政改革】計画の提出期限が7日後です（1-1 窓口サービスのDX推進）');
    expect(sut.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(sut.text).toContain('年度: 2025年度');
    expect(sut.link).toBe('https://pdca.example.lg.jp/tasks');
  });

  it('speaks English to an English reader', () => {
    const sut = renderNotification({ ...base, type: 'task.reminder', payload, language: 'en' });
    expect(sut.subject).toBe('[Reform plan] Plan is due in 7 days (1-1 窓口サービスのDX推進)');
    expect(sut.text).toContain('Due: Wed 30 Apr 2025, 17:00 JST');
  });

  it('announces a task that is still scheduled with its opening date, not as one to submit now', () => {
    const scheduled = { ...payload, taskStatus: 'scheduled', openAt: '2025-05-01T00:00:00.000+09:00' };
    const ja = renderNotification({ ...base, type: 'task.assigned', payload: scheduled, language: 'ja' });
    const en = renderNotification({ ...base, type: 'task.assigned', payload: scheduled, language: 'en' });
    expect(ja.title).toBe(
      '計画が予定されました（2025年5月1日(木) 00:00から受付）（1-1 窓口サービスのDX推進）',
    );
    expect(ja.text).toContain('受付開始: 2025年5月1日(木) 00:00');
    expect(ja.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(en.title).toBe('Scheduled: Plan (opens Thu 1 May 2025, 00:00 JST) (1-1 窓口サービスのDX推進)');
    const open = renderNotification({
      ...base,
      type: 'task.assigned',
      payload: { ...payload, taskStatus: 'open', openAt: null },
      language: 'ja',
    });
    expect(open.title).toBe('計画の作成・提出をお願いします（1-1 窓口サービスのDX推進）');
  });

  it('tells the assignee when a scheduled task opens, in both languages', () => {
    const ja = renderNotification({ ...base, type: 'task.opened', payload, language: 'ja' });
    const en = renderNotification({ ...base, type: 'task.opened', payload, language: 'en' });
    expect(ja.subject).toBe(
      '【行財政改革】計画の受付が始まりました。提出をお願いします（1-1 窓口サービスのDX推進）',
    );
    expect(ja.text).toContain('提出期限: 2025年4月30日(水) 17:00');
    expect(en.title).toBe('Plan is open: please submit it (1-1 窓口サービスのDX推進)');
    expect(ja.link).toBe('https://pdca.example.lg.jp/tasks');
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
    expect(hq.title).toBe('期限超過: 計画が未提出です（1-1 窓口サービスのDX推進）');
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
    expect(sut.subject).toBe('【行財政改革】本日のお知らせ（2件）');
    expect(sut.text.split('・')).toHaveLength(3);
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
