import { type FormEvent, useState } from 'react';
import {
  type PolicyEvaluation,
  type PolicySubmissionBody,
  submitPolicyEvaluation,
} from '../api/policy-evaluations';
import { useSettings } from '../api/settings';
import { numberInput } from '../forms/field-errors';
import { formLabels } from '../forms/form-labels';
import { NumberInput, Outcome, ReturnAnswerField, returnAnswerField, SubmitBar } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { Choice, Field } from '../ui';

const TEXTS = ['reason', 'issues', 'direction'] as const;

/**
 * The 担当部長's 施策評価 (#24): 担当部評価 on the city's scale, 評価の理由, per node indicator the
 * year's actual and the reason, 課題 and 今後の方向性. The server checks it (the scale, each node
 * indicator once) and its problems stand next to their fields; a resubmission starts from the last
 * and may answer HQ's return comment (差戻しへの回答).
 */
export function PolicyEvaluationForm({
  evaluation,
  onSubmitted,
}: {
  evaluation: PolicyEvaluation;
  onSubmitted: () => void;
}) {
  const { t, l } = useI18n();
  const previous = evaluation.submission;
  const resubmit = evaluation.status === 'returned';
  const scale = useSettings(evaluation.node.planId).data?.settings.policyEvaluation.scale ?? [];
  const [rating, setRating] = useState(previous?.rating ?? '');
  // Each resubmission answers its own return: not carried over from the previous round.
  const [returnAnswer, setReturnAnswer] = useState('');
  const [texts, setTexts] = useState<Record<(typeof TEXTS)[number], string>>(() => ({
    reason: previous?.reason ?? '',
    issues: previous?.issues ?? '',
    direction: previous?.direction ?? '',
  }));
  const [indicators, setIndicators] = useState<Record<string, { actual: string; reason: string }>>(() =>
    Object.fromEntries(
      evaluation.nodeIndicators.map((i) => {
        const before = previous?.indicators.find((p) => p.indicatorId === i.id);
        return [
          i.id,
          { actual: before?.actual == null ? '' : String(before.actual), reason: before?.reason ?? '' },
        ];
      }),
    ),
  );
  const names = evaluation.nodeIndicators.map((i) => i.name);
  const labels = formLabels(t, [
    ['rating', t('policy.form.rating')],
    ['reason', t('policy.form.reason')],
    ['issues', t('policy.form.issues')],
    ['direction', t('policy.form.direction')],
    ['indicators', t('policy.nodeIndicators.title')],
    ...names.flatMap(
      (name, i): Array<[string, string]> => [
        [`indicators[${i}]`, name],
        [`indicators[${i}].actual`, t('policy.form.actualOf', { name })],
        [`indicators[${i}].reason`, t('policy.form.reasonOf', { name })],
      ],
    ),
  ]);
  const sub = useSubmission(
    async (body: PolicySubmissionBody) => {
      const answer = await submitPolicyEvaluation(evaluation.id, body);
      onSubmitted();
      return answer;
    },
    [
      'rating',
      ...TEXTS,
      'indicators',
      ...names.flatMap((_, i) => [`indicators[${i}]`, `indicators[${i}].actual`, `indicators[${i}].reason`]),
      'returnAnswer',
    ],
    { labels },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      rating,
      ...texts,
      indicators: evaluation.nodeIndicators.map((i) => {
        const typed = indicators[i.id] ?? { actual: '', reason: '' };
        return {
          indicatorId: i.id,
          ...(typed.actual.trim() === '' ? {} : { actual: numberInput(typed.actual) }),
          reason: typed.reason,
        };
      }),
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  const setIndicator = (id: string, change: Partial<{ actual: string; reason: string }>) =>
    setIndicators((all) => ({ ...all, [id]: { ...all[id]!, ...change } }));
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="policy-form-title" className="card policy-form">
      <h2 id="policy-form-title">{t('policy.form.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <Field id="rating" label={t('policy.form.rating')} error={e.get('rating')} required>
        {(aria) => (
          <Choice
            aria={aria}
            value={rating}
            options={[...scale]
              .sort((a, b) => a.order - b.order)
              .map((g) => ({ value: g.code, label: `${g.code}（${l(g.label)}）` }))}
            empty="—"
            onChange={setRating}
          />
        )}
      </Field>
      <TextArea
        id="reason"
        label={t('policy.form.reason')}
        value={texts.reason}
        error={e.get('reason')}
        onChange={(reason) => setTexts({ ...texts, reason })}
      />
      {evaluation.nodeIndicators.length > 0 && (
        <fieldset className="policy-indicators">
          <legend>{t('policy.nodeIndicators.title')}</legend>
          {e.get('indicators') && <p className="field-error">{e.get('indicators')}</p>}
          {evaluation.nodeIndicators.map((i, n) => (
            <fieldset key={i.id} data-testid="policy-indicator-input">
              <legend>{i.name}</legend>
              {e.get(`indicators[${n}]`) && <p className="field-error">{e.get(`indicators[${n}]`)}</p>}
              <Field
                id={`indicators-${n}-actual`}
                label={t('policy.form.actual', { unit: i.unit || '—' })}
                hint={t('policy.form.targetHint', { target: i.target ?? '—' })}
                error={e.get(`indicators[${n}].actual`)}
              >
                {(aria) => (
                  <NumberInput
                    aria={aria}
                    value={indicators[i.id]?.actual ?? ''}
                    onChange={(actual) => setIndicator(i.id, { actual })}
                  />
                )}
              </Field>
              <TextArea
                id={`indicators-${n}-reason`}
                label={t('policy.form.indicatorReason')}
                value={indicators[i.id]?.reason ?? ''}
                error={e.get(`indicators[${n}].reason`)}
                onChange={(reason) => setIndicator(i.id, { reason })}
              />
            </fieldset>
          ))}
        </fieldset>
      )}
      <TextArea
        id="issues"
        label={t('policy.form.issues')}
        value={texts.issues}
        error={e.get('issues')}
        onChange={(issues) => setTexts({ ...texts, issues })}
      />
      <TextArea
        id="direction"
        label={t('policy.form.direction')}
        value={texts.direction}
        error={e.get('direction')}
        onChange={(direction) => setTexts({ ...texts, direction })}
      />
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

function TextArea({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (text: string) => void;
}) {
  return (
    <Field id={id} label={label} error={error} required>
      {(aria) => (
        <textarea {...aria} rows={4} value={value} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}
