import {
  ACT_DECISION_LABELS,
  ACT_DECISIONS,
  endsPlan,
  isTerminalStatus,
  STAGE_LABELS,
  STAGE_RULES,
  STAGES,
  SUBMISSION_KINDS,
  stageOfSubmission,
  transitionOnApproval,
} from './stages';

describe('stages', () => {
  it('orders the stages PLAN → DO → CHECK → ACT and ends after ACT', () => {
    expect(STAGES).toEqual(['PLAN', 'DO', 'CHECK', 'ACT']);
    expect(STAGES.map((stage) => STAGE_RULES[stage].onGateApproved)).toEqual([
      { type: 'advance', to: 'DO' },
      { type: 'advance', to: 'CHECK' },
      { type: 'advance', to: 'ACT' },
      { type: 'reflect_budget' },
    ]);
  });

  it('labels stages and decisions in Japanese and English', () => {
    expect(STAGE_LABELS.PLAN).toEqual({ ja: '計画', en: 'Plan' });
    // The stage has its own word (方向性の決定); 改善 is only the `improve` decision.
    expect(STAGE_LABELS.ACT.ja).toBe('方向性の決定');
    expect(Object.values(STAGE_LABELS).map((l) => l.ja)).not.toContain(ACT_DECISION_LABELS.improve.ja);
    expect(ACT_DECISIONS.map((d) => ACT_DECISION_LABELS[d].ja)).toEqual([
      '拡充',
      '継続',
      '改善',
      '縮小',
      '休廃止',
      '完了',
    ]);
  });

  it.each([
    ['abolish', true],
    ['complete', true],
    ['expand', false],
    ['continue', false],
    ['improve', false],
    ['reduce', false],
  ] as const)('endsPlan(%s) is %s', (decision, expected) => {
    expect(endsPlan(decision)).toBe(expected);
  });

  it('accepts each submission kind in exactly one stage', () => {
    expect(SUBMISSION_KINDS.map((kind) => [kind, stageOfSubmission(kind)])).toEqual([
      ['plan', 'PLAN'],
      ['review', 'DO'],
      ['execution_report', 'DO'],
      ['evaluation', 'CHECK'],
      ['action', 'ACT'],
    ]);
    for (const kind of SUBMISSION_KINDS) {
      expect(STAGES.filter((stage) => STAGE_RULES[stage].accepts.includes(kind))).toEqual([
        stageOfSubmission(kind),
      ]);
    }
  });

  it('says where an approval leads', () => {
    expect(transitionOnApproval('PLAN', 'plan')).toEqual({ type: 'advance', to: 'DO' });
    expect(transitionOnApproval('DO', 'review')).toEqual({ type: 'stay', stage: 'DO' });
    expect(transitionOnApproval('DO', 'execution_report')).toEqual({ type: 'advance', to: 'CHECK' });
    expect(transitionOnApproval('CHECK', 'evaluation')).toEqual({ type: 'advance', to: 'ACT' });
    expect(transitionOnApproval('ACT', 'action')).toEqual({ type: 'reflect_budget' });
  });

  it('gives no transition for a submission the stage does not take', () => {
    expect(transitionOnApproval('PLAN', 'evaluation')).toBeNull();
    expect(transitionOnApproval('ACT', 'plan')).toBeNull();
  });

  it('knows which statuses are terminal', () => {
    expect(isTerminalStatus('completed')).toBe(true);
    expect(isTerminalStatus('closed')).toBe(true);
    expect(isTerminalStatus('withdrawn')).toBe(true);
    expect(isTerminalStatus('awaiting_approval')).toBe(false);
    expect(isTerminalStatus('reflecting_budget')).toBe(false);
  });
});
