import { validateActionSubmission } from '@pdca/domain/validation';
import { type FormEvent, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../api/client';
import { orderedDecisions, useSettings } from '../api/settings';
import { useI18n } from '../i18n';
import { formatMoney } from '../lib/format';
import { Field, QueryView } from '../ui';
import { moneyInput } from './field-errors';
import { formLabels } from './form-labels';
import {
  cycleParams,
  type FormProps,
  MoneyInput,
  Outcome,
  ReturnAnswerField,
  returnAnswerField,
  SubmitBar,
} from './form-parts';
import { budgetPreview } from './stage-forms';
import { useSubmission } from './use-submission';

export function ActionForm({ cycle, item, resubmit }: FormProps) {
  const { t, l, lang } = useI18n();
  const previous = cycle.decision?.payload;
  // The city's 今後の方向性, in its order: the list this cycle's year started with, which the server
  // checks against (cycles started before cities had lists: the plan's settings in force).
  const settings = useSettings(item.planId);
  const decisions = orderedDecisions(cycle.yearSettings ?? settings.data?.settings);
  const [decision, setDecision] = useState<string>(previous?.decision ?? '');
  const [proposal, setProposal] = useState(
    // As the amount input writes it (3,600千円), which moneyInput reads back, not the raw yen.
    previous?.budgetProposal != null ? formatMoney(previous.budgetProposal, lang) : '',
  );
  const [rationale, setRationale] = useState(previous?.rationale ?? '');
  const current = item.budgetCurrentAmount;
  const rule = decisions.find((d) => d.code === decision)?.budgetRule;
  // A decision that reflects nothing takes no amount; increase and decrease need one.
  const takesAmount = rule !== 'none';
  const needsAmount = rule === 'increase' || rule === 'decrease';
  // The budget the decision goes into: the one under formulation when HQ approves it, FY N+2 with
  // the default calendar (an Act approved in summer N+1); the reflection names it once made.
  const budgetYear = cycle.budgetReflection?.fiscalYear ?? cycle.fiscalYear + 2;
  const preview = rule && takesAmount ? budgetPreview(decision, current, proposal, decisions) : null;
  const [returnAnswer, setReturnAnswer] = useState('');
  const labels = formLabels(t, [
    ['decision', t('action.decision')],
    ['budgetProposal', t('payload.budgetProposal')],
    ['rationale', t('action.rationale')],
  ]);
  const sub = useSubmission(
    (body: Entered<Schemas['ActionSubmissionDto']>) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/action', { ...cycleParams(cycle.id), body: asEntered(body) }),
      ),
    ['decision', 'budgetProposal', 'rationale', 'returnAnswer'],
    {
      labels,
      // The city's decisions and their budget rules, once read (the server checks them anyway).
      check: (body) =>
        validateActionSubmission(body, {
          currentBudget: current,
          ...(settings.data ? { decisions } : {}),
        }).filter((p) => settings.data || (p.field !== 'decision' && p.field !== 'budgetProposal')),
    },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      decision: decision || undefined,
      budgetProposal: takesAmount ? moneyInput(proposal) : null,
      rationale,
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  const currentHint = t('action.current', { amount: formatMoney(current, lang) });
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('action.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <fieldset className={e.get('decision') ? 'has-error' : undefined} data-testid="decision-choices">
        <legend>
          {t('action.decision')}
          <span className="required">{t('common.required')}</span>
        </legend>
        <QueryView query={settings}>
          {() => (
            <div className="radio-row">
              {decisions.map((d) => (
                <label key={d.code} className="radio">
                  <input
                    type="radio"
                    name="decision"
                    value={d.code}
                    checked={decision === d.code}
                    onChange={() => setDecision(d.code)}
                  />
                  {l(d.label)}
                </label>
              ))}
            </div>
          )}
        </QueryView>
        {e.get('decision') && <p className="field-error">{e.get('decision')}</p>}
      </fieldset>
      {takesAmount ? (
        <Field
          id="budgetProposal"
          label={t('action.budgetProposal', { fy: budgetYear })}
          error={e.get('budgetProposal')}
          required={needsAmount}
          hint={
            rule
              ? `${currentHint}${lang === 'ja' ? '　' : ' '}${t(`citySettings.ruleHints.${rule}`)}`
              : currentHint
          }
        >
          {(aria) => <MoneyInput aria={aria} value={proposal} onChange={setProposal} />}
        </Field>
      ) : (
        <p className="rule-preview" aria-live="polite" data-testid="budget-rule">
          {t('citySettings.ruleHints.none')}
        </p>
      )}
      {e.get('budgetProposal') && !takesAmount && (
        <p className="field-error" data-field-error="budgetProposal">
          {e.get('budgetProposal')}
        </p>
      )}
      {preview && (
        <p
          className={`rule-preview ${'problem' in preview ? 'warn' : ''}`}
          aria-live="polite"
          data-testid="budget-rule"
        >
          {'problem' in preview
            ? l(preview.problem)
            : t('action.rule', {
                rule: `${l(preview.reflection.ruleDescription)} → ${formatMoney(preview.reflection.proposedAmount, lang)}`,
              })}
        </p>
      )}
      <Field id="rationale" label={t('action.rationale')} required error={e.get('rationale')}>
        {(aria) => (
          <textarea {...aria} rows={5} value={rationale} onChange={(ev) => setRationale(ev.target.value)} />
        )}
      </Field>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}
