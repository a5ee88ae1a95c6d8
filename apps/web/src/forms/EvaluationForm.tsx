import { achievementFormulaNote } from '@pdca/domain/achievement';
import { validateEvaluationSubmission } from '@pdca/domain/validation';
import { type FormEvent, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../api/client';
import { gradeLabel, gradeOptions, useSettings } from '../api/settings';
import { useI18n } from '../i18n';
import { formatPercent } from '../lib/format';
import { TableHead } from '../tables';
import { Choice, Field } from '../ui';
import { CostFields, costDraft, costFieldPaths, costLabels, costsField } from './CostFields';
import { numberInput } from './field-errors';
import { effectLabels, formLabels, indicatorLabels } from './form-labels';
import {
  cycleParams,
  EffectFields,
  effectFieldPaths,
  type FormProps,
  GradeSelect,
  NumberCell,
  Outcome,
  ReturnAnswerField,
  returnAnswerField,
  SubmitBar,
} from './form-parts';
import { effectDraft, effectField, evaluationView } from './stage-forms';
import { useSubmission } from './use-submission';

export function EvaluationForm({ cycle, item, resubmit }: FormProps) {
  const { t, l, lang } = useI18n();
  const previous = cycle.evaluation?.payload;
  const [actuals, setActuals] = useState<Record<string, string>>(() =>
    Object.fromEntries((previous?.actuals ?? []).map((a) => [a.indicatorId, String(a.actual)])),
  );
  const [selfRating, setSelfRating] = useState<string>(previous?.selfRating ?? '');
  // 一次評価（所管）on the city's scale; the A–D suggestion only where the scale has that grade.
  // The scale this cycle's year started with (before cities had scales: the settings in force).
  const current = useSettings(item.planId).data?.settings.ratings.self;
  const scale = cycle.yearSettings?.ratings.self ?? current;
  const [analysis, setAnalysis] = useState(previous?.analysis ?? '');
  const [grade, setGrade] = useState(previous?.grade ?? '');
  const [effects, setEffects] = useState(() => effectDraft(previous?.effects));
  const [costs, setCosts] = useState(() => costDraft(previous?.costs));
  const view = evaluationView(item.indicators, cycle.plan?.payload, cycle.fiscalYear, actuals);
  const suggested = view.suggestion ? scale?.find((g) => g.code === view.suggestion) : undefined;
  const [returnAnswer, setReturnAnswer] = useState('');
  const labels = formLabels(t, [
    ['actuals', t('evaluation.actual')],
    ...indicatorLabels(
      t,
      'actuals',
      'actual',
      item.indicators.map((i) => i.name),
      'feedback.indicatorActual',
    ),
    ['selfRating', t('evaluation.selfRating')],
    ['analysis', t('evaluation.analysis')],
    ['grade', t('evaluation.grade')],
    ...effectLabels(t, 'effects', t('payload.effects')),
    ...costLabels(t('costs.actualLegend'), lang),
  ]);
  const sub = useSubmission(
    (body: Entered<Schemas['EvaluationSubmissionDto']>) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/evaluation', { ...cycleParams(cycle.id), body: asEntered(body) }),
      ),
    [
      'actuals',
      ...item.indicators.flatMap((_, i) => [`actuals[${i}]`, `actuals[${i}].actual`]),
      'selfRating',
      'analysis',
      'grade',
      ...effectFieldPaths('effects'),
      ...costFieldPaths(),
      'returnAnswer',
    ],
    {
      labels,
      // The rating against the city's scale once it is read; the grade is left to the server.
      check: (body) =>
        validateEvaluationSubmission(body, {
          indicatorIds: item.indicators.map((i) => i.id),
          ...(scale ? { selfRatings: scale } : {}),
        }).filter((p) => p.field !== 'grade' && (p.field !== 'selfRating' || scale || !body.selfRating)),
    },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      actuals: item.indicators.map((i) => ({ indicatorId: i.id, actual: numberInput(actuals[i.id] ?? '') })),
      selfRating: selfRating || undefined,
      analysis,
      ...(grade ? { grade } : {}),
      ...effectField('effects', effects),
      ...costsField(costs),
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  const columns = [
    t('plan.indicator'),
    t('plan.unit'),
    t('plan.baseline'),
    t('payload.targets'),
    t('evaluation.actual'),
    t('evaluation.rate'),
  ];
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('evaluation.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      {e.get('actuals') && <p className="field-error">{e.get('actuals')}</p>}
      {/* At phone width each indicator is a card headed by its name, each value by its column. */}
      <table className="data-table indicators cards">
        <TableHead columns={columns} />
        <tbody>
          {view.rows.map((row, i) => {
            const id = `actual-${i}`;
            const error = e.get(`actuals[${i}].actual`) ?? e.get(`actuals[${i}]`);
            return (
              <tr key={row.indicator.id}>
                <th scope="row">
                  <label htmlFor={id}>{row.indicator.name}</label>
                </th>
                <td data-label={columns[1]}>{row.indicator.unit}</td>
                <td data-label={columns[2]}>{row.indicator.baseline ?? '—'}</td>
                <td data-label={columns[3]}>{row.target ?? '—'}</td>
                <NumberCell
                  id={id}
                  label={columns[4]}
                  error={error}
                  errorField={`actuals[${i}].actual`}
                  value={row.actualText}
                  onChange={(text) => setActuals((a) => ({ ...a, [row.indicator.id]: text }))}
                />
                <td data-label={columns[5]} data-testid={`rate-${i}`} aria-live="polite">
                  {row.result === null ? (
                    '—'
                  ) : row.result.rate === null ? (
                    l(row.result.message)
                  ) : (
                    <>
                      {formatPercent(row.result.rate)}
                      {/* The figure says how it was computed: 算式：実績÷目標. */}
                      <small className="formula" data-testid={`formula-${i}`}>
                        {l(achievementFormulaNote(row.result.formula))}
                      </small>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {/* A suggestion the city's scale has no grade for (not A–D) is not shown at all. */}
      {(suggested || !view.suggestion) && (
        <p className="suggestion" data-testid="suggested-rating" aria-live="polite">
          {suggested
            ? t('evaluation.suggested', { rating: gradeLabel(suggested, l) })
            : t('evaluation.noSuggestion')}
        </p>
      )}
      <Field id="selfRating" label={t('evaluation.selfRating')} required error={e.get('selfRating')}>
        {(aria) => (
          <Choice
            aria={aria}
            value={selfRating}
            options={gradeOptions(scale, l)}
            empty="—"
            onChange={setSelfRating}
          />
        )}
      </Field>
      <Field id="analysis" label={t('evaluation.analysis')} required error={e.get('analysis')}>
        {(aria) => (
          <textarea {...aria} rows={6} value={analysis} onChange={(ev) => setAnalysis(ev.target.value)} />
        )}
      </Field>
      <GradeSelect cycle={cycle} item={item} value={grade} onChange={setGrade} error={e.get('grade')} />
      <EffectFields
        field="effects"
        legend={t('evaluation.effects')}
        draft={effects}
        onChange={setEffects}
        errors={e}
      />
      <CostFields
        itemId={item.id}
        legend={t('costs.actualLegend')}
        draft={costs}
        onChange={setCosts}
        errors={e}
      />
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}
