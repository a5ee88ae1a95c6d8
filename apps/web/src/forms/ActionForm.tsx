import { ACT_DECISION_LABELS, ACT_DECISIONS, type ActDecision } from '@pdca/domain/stages';
import { type FormEvent, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { formatMoney } from '../lib/format';
import { Field } from '../ui';
import { numberInput } from './field-errors';
import { cycleParams, type FormProps, MoneyInput, Outcome, SubmitBar } from './form-parts';
import { budgetPreview } from './stage-forms';
import { useSubmission } from './use-submission';

export function ActionForm({ cycle, item, resubmit }: FormProps) {
  const { t, l, lang } = useI18n();
  const previous = cycle.decision?.payload;
  const [decision, setDecision] = useState<ActDecision | ''>(previous?.decision ?? '');
  const [proposal, setProposal] = useState(
    previous?.budgetProposal != null ? String(previous.budgetProposal) : '',
  );
  const [rationale, setRationale] = useState(previous?.rationale ?? '');
  const current = item.budgetCurrentAmount;
  // The budget the decision goes into: the one under formulation when HQ approves it, FY N+2 with
  // the default calendar (an Act approved in summer N+1); the reflection names it once made.
  const budgetYear = cycle.budgetReflection?.fiscalYear ?? cycle.fiscalYear + 2;
  const preview = decision ? budgetPreview(decision, current, proposal) : null;
  const sub = useSubmission(
    (body: Entered<Schemas['ActionSubmissionDto']>) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/action', { ...cycleParams(cycle.id), body: asEntered(body) }),
      ),
    ['decision', 'budgetProposal', 'rationale'],
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ decision: decision || undefined, budgetProposal: numberInput(proposal), rationale });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('action.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      <fieldset className={e.get('decision') ? 'has-error' : undefined}>
        <legend>
          {t('action.decision')}
          <span className="required">{t('common.required')}</span>
        </legend>
        <div className="radio-row">
          {ACT_DECISIONS.map((d) => (
            <label key={d} className="radio">
              <input
                type="radio"
                name="decision"
                value={d}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />
              {l(ACT_DECISION_LABELS[d])}
            </label>
          ))}
        </div>
        {e.get('decision') && <p className="field-error">{e.get('decision')}</p>}
      </fieldset>
      <Field
        id="budgetProposal"
        label={t('action.budgetProposal', { fy: budgetYear })}
        error={e.get('budgetProposal')}
        hint={t('action.current', { amount: formatMoney(current, lang) })}
      >
        {(aria) => <MoneyInput aria={aria} value={proposal} onChange={setProposal} />}
      </Field>
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
