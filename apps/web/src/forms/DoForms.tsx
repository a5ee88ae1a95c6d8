import {
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  type ReviewStatus,
  validateExecutionReport,
  validateReviewSubmission,
} from '@pdca/domain/validation';
import { type FormEvent, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { punct } from '../lib/format';
import { Choice, Field } from '../ui';
import { numberInput } from './field-errors';
import { formLabels, indicatorLabels } from './form-labels';
import {
  cycleParams,
  type FormProps,
  GradeSelect,
  NumberInput,
  Outcome,
  ReturnAnswerField,
  returnAnswerField,
  SubmitBar,
} from './form-parts';
import { useSubmission } from './use-submission';

export function ReviewForm({ cycle, item, task, resubmit }: FormProps) {
  const { t, l, lang } = useI18n();
  // The task's title carries its period as the calendar names it (第1四半期 / 上半期 / 2025年4月).
  const heading = l(task.title) || t('review.title');
  const [progress, setProgress] = useState('');
  const [status, setStatus] = useState<ReviewStatus | ''>('');
  const [notes, setNotes] = useState('');
  const [grade, setGrade] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [returnAnswer, setReturnAnswer] = useState('');
  // The snapshot lists only the indicators given a value, so its rows are labelled as sent.
  const snapshot = item.indicators.filter((i) => (values[i.id] ?? '').trim() !== '');
  const labels = formLabels(t, [
    ['progress', t('review.progress')],
    ['status', t('review.status')],
    ['notes', t('review.notes')],
    ['grade', t('evaluation.grade')],
    ...indicatorLabels(
      t,
      'indicators',
      'value',
      snapshot.map((i) => i.name),
      'feedback.indicatorValue',
    ),
  ]);
  const sub = useSubmission(
    (body: Entered<Schemas['ReviewSubmissionDto']>) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/reviews/{taskId}', {
          params: { path: { cycleId: cycle.id, taskId: task.id } },
          body: asEntered(body),
        }),
      ),
    [
      ...['periodIndex', 'progress', 'status', 'notes', 'indicators', 'grade', 'returnAnswer'],
      // The snapshot's problems are shown next to their indicator.
      ...snapshot.flatMap((_, at) => [`indicators[${at}]`, `indicators[${at}].value`]),
    ],
    {
      labels,
      // The grade is a choice of the city's scale (the server checks it against that scale).
      check: (body) =>
        validateReviewSubmission(body, {
          indicatorIds: item.indicators.map((i) => i.id),
          periodCount: Math.max(12, task.periodIndex ?? 1),
        }).filter((p) => p.field !== 'grade'),
    },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const indicators = snapshot.map((i) => ({ indicatorId: i.id, value: numberInput(values[i.id]!) }));
    sub.submit({
      periodIndex: task.periodIndex,
      progress: numberInput(progress),
      status: status || undefined,
      notes: notes || undefined,
      ...(indicators.length ? { indicators } : {}),
      ...(grade ? { grade } : {}),
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  // A snapshot problem names its place in the list sent (only the indicators given a value).
  const snapshotError = (id: string) => {
    const at = snapshot.findIndex((i) => i.id === id);
    return at < 0 ? undefined : (e.get(`indicators[${at}].value`) ?? e.get(`indicators[${at}]`));
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{heading}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <Field id="progress" label={t('review.progress')} required error={e.get('progress')}>
        {(aria) => <NumberInput aria={aria} value={progress} onChange={setProgress} />}
      </Field>
      <Field
        id="status"
        label={t('review.status')}
        hint={t('review.statusHint')}
        required
        error={e.get('status')}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={status}
            options={REVIEW_STATUSES.map((s) => ({ value: s, label: l(REVIEW_STATUS_LABELS[s]) }))}
            empty="—"
            onChange={(v) => setStatus(v as ReviewStatus)}
          />
        )}
      </Field>
      <GradeSelect cycle={cycle} item={item} value={grade} onChange={setGrade} error={e.get('grade')} />
      <Field id="notes" label={t('review.notes')} error={e.get('notes')}>
        {(aria) => <textarea {...aria} rows={4} value={notes} onChange={(ev) => setNotes(ev.target.value)} />}
      </Field>
      <fieldset>
        <legend>{t('review.snapshot')}</legend>
        {item.indicators.map((indicator, i) => (
          <Field
            key={indicator.id}
            id={`snapshot-${i}`}
            label={`${indicator.name}${punct(lang).paren(indicator.unit)}`}
            error={snapshotError(indicator.id)}
          >
            {(aria) => (
              <NumberInput
                aria={aria}
                value={values[indicator.id] ?? ''}
                onChange={(text) => setValues((v) => ({ ...v, [indicator.id]: text }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}

export function ExecutionReportForm({ cycle, resubmit }: FormProps) {
  const { t } = useI18n();
  const previous = cycle.executionReport?.payload;
  const [summary, setSummary] = useState(previous?.summary ?? '');
  const [issues, setIssues] = useState(previous?.issues ?? '');
  const [returnAnswer, setReturnAnswer] = useState('');
  const labels = formLabels(t, [
    ['summary', t('report.summary')],
    ['issues', t('report.issues')],
  ]);
  const sub = useSubmission(
    (body: Entered<Schemas['ExecutionReportDto']>) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/execution-report', {
          ...cycleParams(cycle.id),
          body: asEntered(body),
        }),
      ),
    ['summary', 'issues', 'returnAnswer'],
    { labels, check: validateExecutionReport },
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ summary, ...(issues ? { issues } : {}), ...returnAnswerField(resubmit, returnAnswer) });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{t('report.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField
          value={returnAnswer}
          onChange={setReturnAnswer}
          error={sub.errors.get('returnAnswer')}
        />
      )}
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
