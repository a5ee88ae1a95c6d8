import { type FormEvent, useState } from 'react';
import {
  submitVerificationFindings,
  useVerificationRound,
  type VerificationFindingsBody,
  type VerificationItem,
  type VerificationRound,
} from '../api/verification-rounds';
import { useAuth } from '../auth';
import { ApprovalDecisionForm } from '../forms/DecisionControls';
import { moneyInput } from '../forms/field-errors';
import { MoneyInput, Outcome, ReturnAnswerField, returnAnswerField, SubmitBar } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { fiscalYearText, formatDate, formatMoney } from '../lib/format';
import { BackLink, Field, FormMessage, PageTitle, QueryView } from '../ui';

/** The page's words (docs/business-verification.md "Words"), in Japanese and English. */
const W = {
  round: { ja: '事業検証', en: 'Business verification' },
  year: { ja: '年度', en: 'Fiscal year' },
  status: { ja: '状況', en: 'Status' },
  team: { ja: '検証チーム', en: 'Verification team' },
  findingsDue: { ja: '検証結果の入力期限', en: 'Findings due' },
  decisionDue: { ja: '本部の決定の期限', en: 'HQ’s decisions due' },
  budget: { ja: '予算額', en: 'Budget' },
  findings: { ja: '検証結果', en: 'Findings' },
  direction: { ja: '今後の方向性', en: 'Decision' },
  proposal: { ja: '予算への反映額（円）', en: 'Amount to reflect (yen)' },
  proposalHint: {
    ja: '方向性の予算ルールに沿って入力します（縮小は現在の予算額より少なく、方向性未決定は空欄）。',
    en: 'By the decision’s budget rule (a reduction below the current budget; empty when undecided).',
  },
  hqDecision: { ja: '本部の決定', en: 'HQ’s decision' },
  reflected: { ja: '予算への反映', en: 'Into the budget' },
  carried: {
    ja: '前年度の事業検証（未決定のため持ち越し）',
    en: 'Last year’s round (carried over undecided)',
  },
  formTitle: { ja: '検証結果の入力', en: 'Record the findings' },
  choose: { ja: '選択してください', en: 'Choose' },
  submitted: { ja: '提出しました', en: 'Submitted' },
  approvedAll: { ja: '本部の決定を登録しました', en: 'HQ’s decision recorded' },
  approvedStep: { ja: '承認しました（次の承認段階へ）', en: 'Approved (on to the next step)' },
  returned: { ja: '差し戻しました', en: 'Returned' },
  carryOver: { ja: '次年度の事業検証で再検証', en: 'Examined again next year' },
} as const;

/**
 * 事業検証 (#26): one round — per item the 検証チーム's 検証結果 and 方向性 (entered here by a team
 * member while the item waits for them), last year's findings of an item carried over 方向性未決定,
 * and 本部の決定 with its effect on the next budget (decided here by HQ on the pending step).
 */
export default function VerificationRoundPage({ roundId }: { roundId: string }) {
  const { has } = useAuth();
  const round = useVerificationRound(roundId);
  return (
    <section>
      <BackLink to={has('hq_approver') ? '/approvals' : '/tasks'} />
      <QueryView query={round}>
        {(r) => <RoundView round={r} refresh={() => void round.refetch()} />}
      </QueryView>
    </section>
  );
}

function RoundView({ round: r, refresh }: { round: VerificationRound; refresh: () => void }) {
  const { l, lang } = useI18n();
  return (
    <>
      <PageTitle>{`${l(W.round)}：${r.title}`}</PageTitle>
      <dl className="summary-grid" data-testid="verification-meta">
        <div>
          <dt>{l(W.year)}</dt>
          <dd>{l(fiscalYearText(r.fiscalYear))}</dd>
        </div>
        <div>
          <dt>{l(W.status)}</dt>
          <dd data-testid="verification-status">{l(r.statusLabel)}</dd>
        </div>
        <div>
          <dt>{l(W.findingsDue)}</dt>
          <dd>{formatDate(r.findingsDueAt, lang)}</dd>
        </div>
        <div>
          <dt>{l(W.decisionDue)}</dt>
          <dd>{formatDate(r.decisionDueAt, lang)}</dd>
        </div>
        <div>
          <dt>{l(W.team)}</dt>
          <dd>{r.team.map((m) => m.displayName).join(lang === 'ja' ? '、' : ', ')}</dd>
        </div>
      </dl>
      {r.items.map((item) => (
        <ItemCard key={item.id} round={r} item={item} refresh={refresh} />
      ))}
    </>
  );
}

function ItemCard({
  round,
  item,
  refresh,
}: {
  round: VerificationRound;
  item: VerificationItem;
  refresh: () => void;
}) {
  const { l, lang } = useI18n();
  const { user, has } = useAuth();
  const [decided, setDecided] = useState<string | null>(null);
  const onTeam = round.team.some((m) => m.userId === user?.id);
  const writing = item.status === 'open' || item.status === 'returned';
  const pending = item.approvals.find((a) => a.status === 'pending');
  const decidable = pending && has('hq_approver') && pending.submittedBy !== user?.id;
  const from = item.carriedFrom;
  const titleId = `item-${item.id}`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid="verification-item">
      <h2 id={titleId}>{`${item.code} ${item.title}`}</h2>
      <dl className="summary-grid">
        <div>
          <dt>{l(W.status)}</dt>
          <dd data-testid="item-status">{l(item.statusLabel)}</dd>
        </div>
        <div>
          <dt>{l(W.budget)}</dt>
          <dd>{formatMoney(item.currentAmount, lang)}</dd>
        </div>
      </dl>
      {from && (
        <div data-testid="carried-from">
          <h3>{l(W.carried)}</h3>
          <p>{`${from.roundTitle}（${l(fiscalYearText(from.fiscalYear))}）`}</p>
          {from.submission && <p>{from.submission.findings}</p>}
          {from.decisionLabel && <p>{`${l(W.hqDecision)}: ${l(from.decisionLabel)}`}</p>}
        </div>
      )}
      {item.submission && (
        <dl className="summary-grid" data-testid="item-submission">
          <div>
            <dt>{l(W.findings)}</dt>
            <dd>{item.submission.findings}</dd>
          </div>
          <div>
            <dt>{l(W.direction)}</dt>
            <dd>
              {item.submission.decisionLabel ? l(item.submission.decisionLabel) : item.submission.decision}
            </dd>
          </div>
          {item.submission.budgetProposal != null && (
            <div>
              <dt>{l(W.proposal)}</dt>
              <dd>{formatMoney(item.submission.budgetProposal, lang)}</dd>
            </div>
          )}
        </dl>
      )}
      {item.decision && (
        <p data-testid="hq-decision">
          {`${l(W.hqDecision)}: ${item.decisionLabel ? l(item.decisionLabel) : item.decision}`}
          {item.reflection &&
            ` — ${l(W.reflected)}: ${l(fiscalYearText(item.reflection.fiscalYear))} ${formatMoney(item.reflection.proposedAmount, lang)}`}
          {item.carriesOver && ` — ${l(W.carryOver)}`}
        </p>
      )}
      {onTeam && writing && <FindingsForm round={round} item={item} onSubmitted={refresh} />}
      {decided && (
        <div data-testid="decision-outcome">
          <FormMessage error={null} success={decided} />
        </div>
      )}
      {decidable && !decided && (
        <ApprovalDecisionForm
          approval={pending}
          onDone={(text) => {
            setDecided(text);
            refresh();
          }}
          outcome={(body, answer) =>
            body.decision === 'return'
              ? l(W.returned)
              : 'team' in answer &&
                  (answer as VerificationRound).items.some((i) => i.id === item.id && i.status === 'approved')
                ? l(W.approvedAll)
                : l(W.approvedStep)
          }
        />
      )}
    </section>
  );
}

function FindingsForm({
  round,
  item,
  onSubmitted,
}: {
  round: VerificationRound;
  item: VerificationItem;
  onSubmitted: () => void;
}) {
  const { l, lang } = useI18n();
  const previous = item.submission;
  const resubmit = item.status === 'returned';
  const [findings, setFindings] = useState(previous?.findings ?? '');
  const [decision, setDecision] = useState(previous?.decision ?? '');
  const [amount, setAmount] = useState(
    previous?.budgetProposal == null ? '' : formatMoney(previous.budgetProposal, lang),
  );
  const [returnAnswer, setReturnAnswer] = useState('');
  const sub = useSubmission(
    async (body: VerificationFindingsBody) => {
      const answer = await submitVerificationFindings(round.id, body);
      onSubmitted();
      return answer;
    },
    ['findings', 'decision', 'budgetProposal', 'returnAnswer'],
    {
      labels: new Map([
        ['findings', l(W.findings)],
        ['decision', l(W.direction)],
        ['budgetProposal', l(W.proposal)],
      ]),
    },
  );
  const e = sub.errors;
  const id = (field: string) => `${field}-${item.id}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const yen = moneyInput(amount);
    sub.submit({
      itemId: item.itemId,
      findings,
      decision,
      ...(yen === null ? {} : { budgetProposal: yen }),
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={l(W.formTitle)} data-testid="findings-form">
      <h3>{l(W.formTitle)}</h3>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <Field id={id('findings')} label={l(W.findings)} error={e.get('findings')} required>
        {(aria) => (
          <textarea {...aria} rows={5} value={findings} onChange={(ev) => setFindings(ev.target.value)} />
        )}
      </Field>
      <Field id={id('decision')} label={l(W.direction)} error={e.get('decision')} required>
        {(aria) => (
          <select {...aria} value={decision} onChange={(ev) => setDecision(ev.target.value)}>
            <option value="">{l(W.choose)}</option>
            {round.decisions.map((d) => (
              <option key={d.code} value={d.code}>
                {l(d.label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={id('budgetProposal')}
        label={l(W.proposal)}
        hint={l(W.proposalHint)}
        error={e.get('budgetProposal')}
      >
        {(aria) => <MoneyInput aria={aria} value={amount} onChange={setAmount} />}
      </Field>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}
