import {
  type ApprovalPolicy,
  checkApprover,
  DEFAULT_APPROVAL_POLICY,
  TWO_STEP_APPROVAL_POLICY,
  validateApprovalPolicy,
} from './approval-policy';

const [leaderStep, directorStep] = TWO_STEP_APPROVAL_POLICY.steps as [
  (typeof TWO_STEP_APPROVAL_POLICY.steps)[0],
  (typeof TWO_STEP_APPROVAL_POLICY.steps)[0],
];
const approver = (userId: string) => ({ userId, roles: ['hq_approver'] as const });

describe('approval policies', () => {
  it('defaults to a single HQ approval step', () => {
    expect(DEFAULT_APPROVAL_POLICY.steps).toEqual([
      { key: 'hq', label: { ja: '本部承認', en: 'HQ approval' }, role: 'hq_approver' },
    ]);
  });

  it('offers a two-step chain: promotion leader, then director general', () => {
    expect(TWO_STEP_APPROVAL_POLICY.steps.map((s) => [s.label.ja, s.role])).toEqual([
      ['推進リーダー', 'hq_approver'],
      ['本部長', 'hq_approver'],
    ]);
  });

  it('reports empty chains, duplicate keys and unknown roles', () => {
    expect(validateApprovalPolicy(TWO_STEP_APPROVAL_POLICY)).toEqual([]);
    expect(validateApprovalPolicy({ steps: [] }).map((p) => p.rule)).toEqual(['required']);
    const bad = {
      steps: [leaderStep, { ...directorStep, key: leaderStep.key, role: 'mayor' }],
    } as unknown as ApprovalPolicy;
    expect(validateApprovalPolicy(bad).map((p) => `${p.field}:${p.rule}`)).toEqual([
      'steps[1].key:unique',
      'steps[1].role:enum',
    ]);
  });
});

describe('checkApprover', () => {
  const base = {
    submittedBy: 'wg-1',
    policy: TWO_STEP_APPROVAL_POLICY,
    step: leaderStep,
    previousDeciders: [] as string[],
  };

  it('lets an HQ approver decide someone else’s submission', () => {
    expect(checkApprover({ ...base, actor: approver('hq-1') })).toEqual({ ok: true });
  });

  it('refuses an actor without the step’s role, whatever else holds', () => {
    const sut = checkApprover({
      ...base,
      actor: { userId: 'wg-1', roles: ['wg_leader', 'auditor', 'admin'] },
    });
    expect(sut).toMatchObject({ ok: false, error: 'NOT_ALLOWED' });
  });

  it('refuses a decision on one’s own submission, with a bilingual message', () => {
    const sut = checkApprover({ ...base, actor: { userId: 'wg-1', roles: ['wg_leader', 'hq_approver'] } });
    expect(sut).toEqual({
      ok: false,
      error: 'OWN_SUBMISSION',
      message: {
        ja: '自分が提出したものを承認・差戻しすることはできません。',
        en: 'You cannot approve or return your own submission.',
      },
    });
  });

  it('refuses the same person on a second step of one chain', () => {
    const sut = checkApprover({
      ...base,
      step: directorStep,
      previousDeciders: ['hq-1'],
      actor: approver('hq-1'),
    });
    expect(sut).toMatchObject({ ok: false, error: 'ALREADY_DECIDED_BY_ACTOR' });
    expect(
      checkApprover({ ...base, step: directorStep, previousDeciders: ['hq-1'], actor: approver('hq-2') }),
    ).toEqual({ ok: true });
  });

  it('refuses a step that is not in the policy', () => {
    const sut = checkApprover({ ...base, policy: DEFAULT_APPROVAL_POLICY, actor: approver('hq-1') });
    expect(sut).toMatchObject({ ok: false, error: 'UNKNOWN_STEP' });
  });
});
