import { validatePlanSubmission } from '@pdca/domain/validation';
import { type FormEvent, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney } from '../lib/format';
import { INDICATOR_COLUMNS, TableHead } from '../tables';
import { Field, FieldGroup } from '../ui';
import { CostFields, costDraft, costFieldPaths, costLabels, costsField } from './CostFields';
import { effectLabels, formLabels, indicatorLabels } from './form-labels';
import {
  cycleParams,
  EffectFields,
  effectFieldPaths,
  type FormProps,
  MoneyInput,
  NumberCell,
  Outcome,
  ReturnAnswerField,
  returnAnswerField,
  SubmitBar,
} from './form-parts';
import { effectDraft, effectField, initialPlanDraft, planBody } from './stage-forms';
import { useSubmission } from './use-submission';

export function PlanForm({ cycle, item, resubmit }: FormProps) {
  const { t, lang } = useI18n();
  const indicators = item.indicators;
  const [draft, setDraft] = useState(() =>
    initialPlanDraft(indicators, cycle.fiscalYear, cycle.plan?.payload, item.budgetCurrentAmount),
  );
  // The year's 効果額 target: a returned plan opens with what was sent. Neither the cycle nor the
  // item read carries the imported target, so a first plan starts empty (the roll-up then counts
  // the imported one).
  const [effectTarget, setEffectTarget] = useState(() => effectDraft(cycle.plan?.payload.effectTarget));
  const [costs, setCosts] = useState(() => costDraft(cycle.plan?.payload.costs));
  const shown = [
    'targets',
    ...indicators.flatMap((_, i) => [`targets[${i}]`, `targets[${i}].target`, `targets[${i}].indicatorId`]),
    'activities',
    ...draft.activities.map((_, i) => `activities[${i}]`),
    'budgetRequest',
    ...effectFieldPaths('effectTarget'),
    ...costFieldPaths(),
  ];
  const [returnAnswer, setReturnAnswer] = useState('');
  const labels = formLabels(t, [
    ['targets', t('plan.targets')],
    ...indicatorLabels(
      t,
      'targets',
      'target',
      indicators.map((i) => i.name),
      'feedback.indicatorTarget',
    ),
    ['activities', t('plan.activities')],
    ...draft.activities.map((_, i): [string, string] => [
      `activities[${i}]`,
      t('feedback.activity', { n: i + 1 }),
    ]),
    ['budgetRequest', t('payload.budgetRequest')],
    ...effectLabels(t, 'effectTarget', t('payload.effectTarget')),
    ...costLabels(t('costs.estimateLegend'), lang),
  ]);
  const sub = useSubmission(
    (body: Entered<Schemas['PlanSubmissionDto']>) =>
      unwrap(api.POST('/api/v1/cycles/{cycleId}/plan', { ...cycleParams(cycle.id), body: asEntered(body) })),
    [...shown, 'returnAnswer'],
    // Empty, non-numeric and out-of-range entries are found here (libs/domain's rules) before sending.
    { labels, check: (body) => validatePlanSubmission(body, { indicatorIds: indicators.map((i) => i.id) }) },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      ...planBody(indicators, draft),
      ...effectField('effectTarget', effectTarget),
      ...costsField(costs),
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  const fy = formatFiscalYear(cycle.fiscalYear, lang);
  const columns = [...INDICATOR_COLUMNS.map((key) => t(key)), t('plan.target', { fy })];
  const setActivity = (i: number, value: string) =>
    setDraft((d) => ({ ...d, activities: d.activities.map((a, j) => (j === i ? value : a)) }));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('plan.title', { fy: cycle.fiscalYear })}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <FieldGroup legend={t('plan.targets')} field="targets" error={e.get('targets')}>
        {/* At phone width each indicator is a card headed by its name, each value by its column. */}
        <table className="data-table indicators cards">
          <TableHead columns={columns} />
          <tbody>
            {indicators.map((indicator, i) => {
              const error = [
                e.get(`targets[${i}]`),
                e.get(`targets[${i}].indicatorId`),
                e.get(`targets[${i}].target`),
              ]
                .filter(Boolean)
                .join(' ');
              const id = `target-${i}`;
              const planned = indicator.targets[String(cycle.fiscalYear)];
              return (
                <tr key={indicator.id}>
                  <th scope="row">
                    <label htmlFor={id}>{indicator.name}</label>
                  </th>
                  <td data-label={columns[1]}>{indicator.unit}</td>
                  <td data-label={columns[2]}>{indicator.baseline ?? '—'}</td>
                  <td data-label={columns[3]}>{t(`plan.${indicator.direction}`)}</td>
                  <td data-label={columns[4]}>{planned ?? '—'}</td>
                  <NumberCell
                    id={id}
                    label={columns[5]}
                    error={error}
                    errorField={`targets[${i}].target`}
                    value={draft.targets[indicator.id] ?? ''}
                    onChange={(text) =>
                      setDraft((d) => ({ ...d, targets: { ...d.targets, [indicator.id]: text } }))
                    }
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      </FieldGroup>
      <FieldGroup legend={t('plan.activities')} field="activities" error={e.get('activities')}>
        {draft.activities.map((activity, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: activities are edited in place by position
          <div className="activity" key={i}>
            <Field
              id={`activity-${i}`}
              label={t('plan.activity', { n: i + 1 })}
              error={e.get(`activities[${i}]`)}
            >
              {(aria) => (
                <input {...aria} value={activity} onChange={(ev) => setActivity(i, ev.target.value)} />
              )}
            </Field>
            {draft.activities.length > 1 && (
              <button
                type="button"
                className="secondary small"
                onClick={() =>
                  setDraft((d) => ({ ...d, activities: d.activities.filter((_, j) => j !== i) }))
                }
              >
                {t('plan.removeActivity', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setDraft((d) => ({ ...d, activities: [...d.activities, ''] }))}
        >
          {t('plan.addActivity')}
        </button>
      </FieldGroup>
      <Field
        id="budgetRequest"
        label={t('plan.budgetRequest')}
        required
        error={e.get('budgetRequest')}
        hint={t('plan.budgetHint', { current: formatMoney(item.budgetCurrentAmount, lang) })}
      >
        {(aria) => (
          <MoneyInput
            aria={aria}
            value={draft.budgetRequest}
            onChange={(text) => setDraft((d) => ({ ...d, budgetRequest: text }))}
          />
        )}
      </Field>
      <EffectFields
        field="effectTarget"
        legend={t('plan.effectTarget')}
        hint={t('plan.effectTargetHint')}
        draft={effectTarget}
        onChange={setEffectTarget}
        errors={e}
      />
      <CostFields
        itemId={item.id}
        legend={t('costs.estimateLegend')}
        draft={costs}
        onChange={setCosts}
        errors={e}
      />
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}
