/** The CycleMachine (#21): the previous year's decision reaching this year, and HQ's answer to it. */
import type { CarriedOver } from '@pdca/contracts';
import { decidePending, hq, hqAdmin, leader, planPayload, refuse, startCycle } from './cycle-machine.fixture';

const problemsOf = (rejection: { problems?: { field: string; rule: string }[] }) =>
  rejection.problems?.map((p) => [p.field, p.rule]);

describe('previousYearDecided', () => {
  const decided = (decision: CarriedOver['decision']): CarriedOver => ({
    fromFiscalYear: 2026,
    decision,
    proposedAmount: decision === 'abolish' ? 0 : 10_000_000,
    rationale: '前年度の方向性',
    targetFiscalYear: 2028,
    approvedAt: '2027-06-15T01:00:00.000Z',
  });
  const fy2027 = () => {
    const cycle = startCycle({ fiscalYear: 2027 });
    cycle.clock.set('2027-06-15T02:00:00.000Z');
    return cycle;
  };

  it('records the previous year’s decision once and tells HQ', () => {
    const { machine, started } = fy2027();
    const carried = decided('continue');
    const event = machine.previousYearDecided(carried)!;

    expect(machine.state.carriedOver).toEqual(carried);
    expect(machine.state.carriedOver).not.toBe(carried);
    expect(machine.state.withdrawalQuestion).toBeNull();
    expect(event).toMatchObject({
      seq: started.seq + 1,
      type: 'cycle.previous_year_decided',
      actor: { type: 'system' },
      payload: { ...carried, withdrawalQuestion: false },
      cycle: { carriedOver: carried },
    });
    expect(event.outbox).toEqual([
      {
        type: 'cycle.previous_year_decided',
        payload: expect.objectContaining({
          previousYear: carried,
          notifyRoles: ['hq_approver', 'hq_admin'],
          fiscalYear: 2027,
        }),
      },
    ]);

    // A re-sent signal changes nothing and uses no seq.
    expect(machine.previousYearDecided({ ...carried, decision: 'abolish' })).toBeNull();
    expect(machine.state.carriedOver).toEqual(carried);
    expect(machine.submitGate('plan', leader, planPayload()).seq).toBe(event.seq + 1);
  });

  it('ignores another year’s decision, none, and a closed cycle', () => {
    const { machine } = fy2027();
    expect(machine.previousYearDecided({ ...decided('continue'), fromFiscalYear: 2025 })).toBeNull();
    expect(machine.previousYearDecided({ ...decided('continue'), fromFiscalYear: 2027 })).toBeNull();
    expect(machine.previousYearDecided(undefined)).toBeNull();
    expect(machine.state.carriedOver).toBeNull();
    machine.withdraw(hqAdmin, { reason: '中止' });
    expect(machine.previousYearDecided(decided('continue'))).toBeNull();
    expect(machine.state.carriedOver).toBeNull();
  });

  it('an abolished item asks HQ whether to withdraw this year', () => {
    const { machine } = fy2027();
    const event = machine.previousYearDecided(decided('abolish'))!;
    expect(machine.state.withdrawalQuestion).toEqual({
      fromFiscalYear: 2026,
      decision: 'abolish',
      askedAt: '2027-06-15T02:00:00.000Z',
      answer: null,
      answeredBy: null,
      answeredAt: null,
      reason: null,
    });
    expect(event.payload.withdrawalQuestion).toBe(true);
    expect(event.outbox.map((m) => m.type)).toEqual([
      'cycle.previous_year_decided',
      'cycle.withdrawal_question',
    ]);
    expect(event.outbox[1].payload).toMatchObject({
      notifyRoles: ['hq_admin'],
      previousYear: decided('abolish'),
    });
    expect(machine.closed).toBe(false);
  });

  describe('answerWithdrawalQuestion', () => {
    const asked = () => {
      const cycle = fy2027();
      cycle.machine.submitGate('plan', leader, planPayload());
      cycle.machine.previousYearDecided(decided('complete'));
      return cycle;
    };

    it('withdraw: the cycle is withdrawn with the answer recorded', () => {
      const { machine } = asked();
      const event = machine.answerWithdrawalQuestion(hqAdmin, { withdraw: true, reason: ' 事業完了のため ' });
      expect(machine.state.withdrawalQuestion).toMatchObject({
        answer: 'withdraw',
        answeredBy: hqAdmin.userId,
        answeredAt: '2027-06-15T02:00:00.000Z',
        reason: '事業完了のため',
      });
      expect(machine.state).toMatchObject({ status: 'withdrawn', closeReason: '事業完了のため' });
      expect(event).toMatchObject({
        type: 'cycle.withdrawn',
        comment: '事業完了のため',
        payload: { withdrawalQuestion: { answer: 'withdraw' }, stage: 'PLAN' },
      });
      expect(event.tasks.map((t) => t.status)).toEqual(['cancelled']);
      expect(event.approvals.map((a) => a.status)).toEqual(['cancelled']);
      expect(event.outbox.map((m) => m.type)).toEqual(['cycle.closed']);
    });

    it('continue: the cycle goes on; the question is answered once', () => {
      const { machine } = asked();
      const event = machine.answerWithdrawalQuestion(hqAdmin, { withdraw: false, reason: '次期計画で継続' });
      expect(machine.state).toMatchObject({ status: 'awaiting_approval', closedAt: null });
      expect(machine.state.withdrawalQuestion).toMatchObject({
        answer: 'continue',
        reason: '次期計画で継続',
      });
      expect(event).toMatchObject({
        type: 'cycle.withdrawal_declined',
        tasks: [],
        approvals: [],
        outbox: [],
      });
      expect(decidePending(machine, hq).payload).toMatchObject({ advancedTo: 'DO' });

      const again = refuse(machine, () =>
        machine.answerWithdrawalQuestion(hqAdmin, { withdraw: true, reason: 'やはり取下げ' }),
      );
      expect(again.rejection.type).toBe('NOT_PENDING');
      expect(again.after).toEqual(again.before);
    });

    it('refuses without a question (NOT_FOUND), from a non-admin and without a yes or no', () => {
      const { machine } = fy2027();
      const body = { withdraw: true, reason: '取下げ' };
      expect(refuse(machine, () => machine.answerWithdrawalQuestion(hqAdmin, body)).rejection.type).toBe(
        'NOT_FOUND',
      );
      machine.previousYearDecided(decided('abolish'));
      expect(refuse(machine, () => machine.answerWithdrawalQuestion(hq, body)).rejection.type).toBe(
        'NOT_ALLOWED',
      );
      const { rejection } = refuse(machine, () =>
        machine.answerWithdrawalQuestion(hqAdmin, { withdraw: 'yes' as never, reason: '取下げ' }),
      );
      expect(problemsOf(rejection)).toEqual([['withdraw', 'boolean']]);
    });
  });
});
