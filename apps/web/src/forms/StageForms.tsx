import { type FormEvent, useState } from 'react';
import {
  ACT_DECISION_LABELS,
  ACT_DECISIONS,
  type ActDecision,
  RATING_LABELS,
  RATINGS,
  type Rating,
} from '../../../../libs/domain/src/stages';
import {
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  type ReviewStatus,
} from '../../../../libs/domain/src/validation';
import { api, type Schemas, unwrap } from '../api/client';
import { type Cycle, type Item, usePlanSummary } from '../api/queries';
import { useI18n } from '../i18n';
import { formatFiscalYear, formatMoney, formatPercent } from '../lib/format';
import { Field, FormMessage, INDICATOR_COLUMNS, TableHead } from '../ui';
import { numberInput } from './field-errors';
import { budgetPreview, evaluationView, initialPlanDraft, planBody, submittedPayload } from './stage-forms';
import { useSubmission } from './use-submission';

type Task = Schemas['TaskDto'];

interface FormProps {
  cycle: Cycle;
  item: Item;
  task: Task;
  resubmit: boolean;
}

function SubmitBar({ busy, resubmit }: { busy: boolean; resubmit: boolean }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" disabled={busy} data-write="submit">
        {busy ? t('common.submitting') : resubmit ? t('common.resubmit') : t('common.submit')}
      </button>
    </div>
  );
}

function Outcome({ summary, unshown, done }: { summary: string | null; unshown: string[]; done: boolean }) {
  const { t } = useI18n();
  return <FormMessage error={summary} extra={unshown} success={done ? t('common.submitted') : undefined} />;
}

const cycleParams = (cycleId: string) => ({ params: { path: { cycleId } } });

export function PlanForm({ cycle, item, resubmit }: FormProps) {
  const { t, lang } = useI18n();
  const indicators = item.indicators;
  const [draft, setDraft] = useState(() =>
    initialPlanDraft(indicators, cycle.fiscalYear, cycle.plan, item.budgetCurrentAmount),
  );
  const shown = [
    'targets',
    ...indicators.flatMap((_, i) => [`targets[${i}]`, `targets[${i}].target`, `targets[${i}].indicatorId`]),
    'activities',
    ...draft.activities.map((_, i) => `activities[${i}]`),
    'budgetRequest',
  ];
  const sub = useSubmission(
    (body: ReturnType<typeof planBody>) =>
      // Numbers the user typed wrongly are sent as typed: the server names the field and the rule.
      unwrap(api.POST('/api/v1/cycles/{cycleId}/plan', { ...cycleParams(cycle.id), body: body as never })),
    shown,
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit(planBody(indicators, draft));
  };
  const fy = formatFiscalYear(cycle.fiscalYear, lang);
  const setActivity = (i: number, value: string) =>
    setDraft((d) => ({ ...d, activities: d.activities.map((a, j) => (j === i ? value : a)) }));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('plan.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      <fieldset>
        <legend>{t('plan.targets')}</legend>
        {e.get('targets') && (
          <p className="field-error" data-field-error="targets">
            {e.get('targets')}
          </p>
        )}
        <table className="data-table indicators">
          <TableHead columns={[...INDICATOR_COLUMNS.map((key) => t(key)), t('plan.target', { fy })]} />
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
                  <td>{indicator.unit}</td>
                  <td>{indicator.baseline ?? '—'}</td>
                  <td>{t(`plan.${indicator.direction}`)}</td>
                  <td>{planned ?? '—'}</td>
                  <td className={error ? 'has-error' : undefined}>
                    <input
                      id={id}
                      inputMode="decimal"
                      className="num"
                      value={draft.targets[indicator.id] ?? ''}
                      aria-invalid={!!error}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(ev) =>
                        setDraft((d) => ({
                          ...d,
                          targets: { ...d.targets, [indicator.id]: ev.target.value },
                        }))
                      }
                    />
                    {error && (
                      <p id={`${id}-error`} className="field-error" data-field-error={`targets[${i}].target`}>
                        {error}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>{t('plan.activities')}</legend>
        {e.get('activities') && (
          <p className="field-error" data-field-error="activities">
            {e.get('activities')}
          </p>
        )}
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
      </fieldset>
      <Field
        id="budgetRequest"
        label={t('plan.budgetRequest')}
        required
        error={e.get('budgetRequest')}
        hint={t('plan.budgetHint', { current: formatMoney(item.budgetCurrentAmount, lang) })}
      >
        {(aria) => (
          <>
            <input
              {...aria}
              inputMode="numeric"
              className="num"
              value={draft.budgetRequest}
              onChange={(ev) => setDraft((d) => ({ ...d, budgetRequest: ev.target.value }))}
            />
            <MoneyEcho text={draft.budgetRequest} />
          </>
        )}
      </Field>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

/** The typed amount read back in the language's money format, so a missing zero shows. */
function MoneyEcho({ text }: { text: string }) {
  const { lang } = useI18n();
  const value = numberInput(text);
  return typeof value === 'number' ? <span className="money-echo">＝ {formatMoney(value, lang)}</span> : null;
}

export function ReviewForm({ cycle, item, task, resubmit }: FormProps) {
  const { t, l } = useI18n();
  const [progress, setProgress] = useState('');
  const [status, setStatus] = useState<ReviewStatus | ''>('');
  const [notes, setNotes] = useState('');
  const [grade, setGrade] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const sub = useSubmission(
    (body: unknown) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/reviews/{taskId}', {
          params: { path: { cycleId: cycle.id, taskId: task.id } },
          body: body as never,
        }),
      ),
    ['periodIndex', 'progress', 'status', 'notes', 'indicators', 'grade'],
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const indicators = item.indicators
      .filter((i) => (values[i.id] ?? '').trim() !== '')
      .map((i) => ({ indicatorId: i.id, value: numberInput(values[i.id]!) }));
    sub.submit({
      periodIndex: task.periodIndex,
      progress: numberInput(progress),
      status: status || undefined,
      notes: notes || undefined,
      ...(indicators.length ? { indicators } : {}),
      ...(grade ? { grade } : {}),
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('review.title', { n: task.periodIndex ?? '' })}</h2>
      <Outcome
        summary={sub.summary}
        unshown={sub.unshown.filter((u) => !u.startsWith('indicators['))}
        done={sub.done}
      />
      <Field id="progress" label={t('review.progress')} required error={e.get('progress')}>
        {(aria) => (
          <input
            {...aria}
            inputMode="decimal"
            className="num"
            value={progress}
            onChange={(ev) => setProgress(ev.target.value)}
          />
        )}
      </Field>
      <Field id="status" label={t('review.status')} required error={e.get('status')}>
        {(aria) => (
          <select {...aria} value={status} onChange={(ev) => setStatus(ev.target.value as ReviewStatus)}>
            <option value="">—</option>
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {l(REVIEW_STATUS_LABELS[s])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <GradeSelect
        item={item}
        fiscalYear={cycle.fiscalYear}
        value={grade}
        onChange={setGrade}
        error={e.get('grade')}
      />
      <Field id="notes" label={t('review.notes')} error={e.get('notes')}>
        {(aria) => <textarea {...aria} rows={4} value={notes} onChange={(ev) => setNotes(ev.target.value)} />}
      </Field>
      <fieldset>
        <legend>{t('review.snapshot')}</legend>
        {item.indicators.map((indicator, i) => (
          <Field
            key={indicator.id}
            id={`snapshot-${i}`}
            label={`${indicator.name}（${indicator.unit}）`}
            error={e.get(`indicators[${i}].value`)}
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="decimal"
                className="num"
                value={values[indicator.id] ?? ''}
                onChange={(ev) => setValues((v) => ({ ...v, [indicator.id]: ev.target.value }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

interface ReportPayload {
  summary?: string;
  issues?: string;
}

export function ExecutionReportForm({ cycle, resubmit }: FormProps) {
  const { t } = useI18n();
  const previous = submittedPayload<ReportPayload>(cycle.executionReport);
  const [summary, setSummary] = useState(previous?.summary ?? '');
  const [issues, setIssues] = useState(previous?.issues ?? '');
  const sub = useSubmission(
    (body: unknown) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/execution-report', {
          ...cycleParams(cycle.id),
          body: body as never,
        }),
      ),
    ['summary', 'issues'],
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ summary, ...(issues ? { issues } : {}) });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('report.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      <Field id="summary" label={t('report.summary')} required error={sub.errors.get('summary')}>
        {(aria) => (
          <textarea {...aria} rows={6} value={summary} onChange={(ev) => setSummary(ev.target.value)} />
        )}
      </Field>
      <Field id="issues" label={t('report.issues')} error={sub.errors.get('issues')}>
        {(aria) => (
          <textarea {...aria} rows={4} value={issues} onChange={(ev) => setIssues(ev.target.value)} />
        )}
      </Field>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

interface EvaluationPayload {
  actuals?: { indicatorId: string; actual: number }[];
  selfRating?: Rating;
  analysis?: string;
  grade?: string;
  effects?: { spendingReduction: number; revenueGain: number; cost: number };
}

const EFFECT_PARTS = ['spendingReduction', 'revenueGain', 'cost'] as const;

/** The tenant's progress grades (from the plan summary), best first; empty while loading. */
function GradeSelect({
  item,
  fiscalYear,
  value,
  onChange,
  error,
}: {
  item: Item;
  fiscalYear: number;
  value: string;
  onChange: (grade: string) => void;
  error: string | undefined;
}) {
  const { t, l } = useI18n();
  const scale = usePlanSummary(item.planId, fiscalYear).data?.gradeScale ?? [];
  return (
    <Field id="grade" label={t('evaluation.grade')} error={error}>
      {(aria) => (
        <select {...aria} value={value} onChange={(ev) => onChange(ev.target.value)}>
          <option value="">—</option>
          {scale.map((g) => (
            <option key={g.code} value={g.code}>
              {g.symbol}（{l(g.label)}）
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function EvaluationForm({ cycle, item, resubmit }: FormProps) {
  const { t, l } = useI18n();
  const previous = submittedPayload<EvaluationPayload>(cycle.evaluation);
  const [actuals, setActuals] = useState<Record<string, string>>(() =>
    Object.fromEntries((previous?.actuals ?? []).map((a) => [a.indicatorId, String(a.actual)])),
  );
  const [selfRating, setSelfRating] = useState<Rating | ''>(previous?.selfRating ?? '');
  const [analysis, setAnalysis] = useState(previous?.analysis ?? '');
  const [grade, setGrade] = useState(previous?.grade ?? '');
  const [effects, setEffects] = useState<Record<string, string>>(() =>
    Object.fromEntries(EFFECT_PARTS.map((k) => [k, previous?.effects ? String(previous.effects[k]) : ''])),
  );
  const view = evaluationView(item.indicators, cycle.plan, cycle.fiscalYear, actuals);
  const sub = useSubmission(
    (body: unknown) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/evaluation', { ...cycleParams(cycle.id), body: body as never }),
      ),
    [
      'actuals',
      ...item.indicators.flatMap((_, i) => [`actuals[${i}]`, `actuals[${i}].actual`]),
      'selfRating',
      'analysis',
      'grade',
      'effects',
      ...EFFECT_PARTS.map((k) => `effects.${k}`),
    ],
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      actuals: item.indicators.map((i) => ({ indicatorId: i.id, actual: numberInput(actuals[i.id] ?? '') })),
      selfRating: selfRating || undefined,
      analysis,
      ...(grade ? { grade } : {}),
      // 効果額の実績: all three parts, or none (0 where a part does not apply).
      ...(EFFECT_PARTS.some((k) => effects[k] !== '')
        ? { effects: Object.fromEntries(EFFECT_PARTS.map((k) => [k, numberInput(effects[k] ?? '')])) }
        : {}),
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('evaluation.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {e.get('actuals') && <p className="field-error">{e.get('actuals')}</p>}
      <table className="data-table indicators">
        <TableHead
          columns={[
            t('plan.indicator'),
            t('plan.unit'),
            t('plan.baseline'),
            t('payload.targets'),
            t('evaluation.actual'),
            t('evaluation.rate'),
          ]}
        />
        <tbody>
          {view.rows.map((row, i) => {
            const id = `actual-${i}`;
            const error = e.get(`actuals[${i}].actual`) ?? e.get(`actuals[${i}]`);
            return (
              <tr key={row.indicator.id}>
                <th scope="row">
                  <label htmlFor={id}>{row.indicator.name}</label>
                </th>
                <td>{row.indicator.unit}</td>
                <td>{row.indicator.baseline ?? '—'}</td>
                <td>{row.target ?? '—'}</td>
                <td className={error ? 'has-error' : undefined}>
                  <input
                    id={id}
                    inputMode="decimal"
                    className="num"
                    value={row.actualText}
                    aria-invalid={!!error}
                    aria-describedby={error ? `${id}-error` : undefined}
                    onChange={(ev) => setActuals((a) => ({ ...a, [row.indicator.id]: ev.target.value }))}
                  />
                  {error && (
                    <p id={`${id}-error`} className="field-error">
                      {error}
                    </p>
                  )}
                </td>
                <td data-testid={`rate-${i}`} aria-live="polite">
                  {row.result === null
                    ? '—'
                    : row.result.rate === null
                      ? l(row.result.message)
                      : formatPercent(row.result.rate)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="suggestion" data-testid="suggested-rating" aria-live="polite">
        {view.suggestion
          ? t('evaluation.suggested', {
              rating: `${view.suggestion}（${l(RATING_LABELS[view.suggestion])}）`,
            })
          : t('evaluation.noSuggestion')}
      </p>
      <Field id="selfRating" label={t('evaluation.selfRating')} required error={e.get('selfRating')}>
        {(aria) => (
          <select {...aria} value={selfRating} onChange={(ev) => setSelfRating(ev.target.value as Rating)}>
            <option value="">—</option>
            {RATINGS.map((r) => (
              <option key={r} value={r}>
                {r}（{l(RATING_LABELS[r])}）
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="analysis" label={t('evaluation.analysis')} required error={e.get('analysis')}>
        {(aria) => (
          <textarea {...aria} rows={6} value={analysis} onChange={(ev) => setAnalysis(ev.target.value)} />
        )}
      </Field>
      <GradeSelect
        item={item}
        fiscalYear={cycle.fiscalYear}
        value={grade}
        onChange={setGrade}
        error={e.get('grade')}
      />
      <fieldset>
        <legend>{t('evaluation.effects')}</legend>
        {EFFECT_PARTS.map((k) => (
          <Field
            key={k}
            id={`effects-${k}`}
            label={t(`evaluation.effect.${k}`)}
            error={e.get(`effects.${k}`)}
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                className="num"
                value={effects[k] ?? ''}
                onChange={(ev) => setEffects((x) => ({ ...x, [k]: ev.target.value }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

interface ActionPayload {
  decision?: ActDecision;
  budgetProposal?: number | null;
  rationale?: string;
}

export function ActionForm({ cycle, item, resubmit }: FormProps) {
  const { t, l, lang } = useI18n();
  const previous = submittedPayload<ActionPayload>(cycle.decision);
  const [decision, setDecision] = useState<ActDecision | ''>(previous?.decision ?? '');
  const [proposal, setProposal] = useState(
    previous?.budgetProposal != null ? String(previous.budgetProposal) : '',
  );
  const [rationale, setRationale] = useState(previous?.rationale ?? '');
  const current = item.budgetCurrentAmount;
  const preview = decision ? budgetPreview(decision, current, proposal) : null;
  const sub = useSubmission(
    (body: unknown) =>
      unwrap(api.POST('/api/v1/cycles/{cycleId}/action', { ...cycleParams(cycle.id), body: body as never })),
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
        label={t('action.budgetProposal')}
        error={e.get('budgetProposal')}
        hint={t('action.current', { amount: formatMoney(current, lang) })}
      >
        {(aria) => (
          <>
            <input
              {...aria}
              inputMode="numeric"
              className="num"
              value={proposal}
              onChange={(ev) => setProposal(ev.target.value)}
            />
            <MoneyEcho text={proposal} />
          </>
        )}
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
