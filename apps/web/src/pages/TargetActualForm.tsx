import { validatePlanTargetActual } from '@pdca/domain/plan-targets';
import { type FormEvent, useState } from 'react';
import { type PlanTarget, recordTargetActual, type TargetActualBody, usePlanTargets } from '../api/targets';
import { numberInput } from '../forms/field-errors';
import { NumberInput } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatFiscalYear } from '../lib/format';
import { Field, FormMessage } from '../ui';
import { targetValue } from './PlanTargetsTable';

/** Today in Japan as YYYY-MM-DD: the latest 時点 an actual may be as of. */
function todayInJapan(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

const FIELDS = ['value', 'source', 'asOf', 'note', 'fiscalYear'];

/**
 * HQ records a year's actual of a plan or node indicator (主要目標, #24): which indicator and year,
 * the figure, its 出典 and 時点, a note. The same figure again changes nothing; a different one
 * corrects it (the ledger keeps both). Problems show next to their field, checked first by the
 * domain's own rules and then by the server.
 */
export function TargetActualForm({ planId, fiscalYear }: { planId: string; fiscalYear: number }) {
  const { t, lang, l } = useI18n();
  const targets = usePlanTargets(planId, fiscalYear);
  const list = targets.data?.indicators ?? [];
  const [indicatorId, setIndicatorId] = useState('');
  const [year, setYear] = useState(fiscalYear);
  const [value, setValue] = useState('');
  const [source, setSource] = useState('');
  const [asOf, setAsOf] = useState('');
  const [note, setNote] = useState('');
  const chosen = list.find((i) => i.id === indicatorId) ?? list[0];
  const sub = useSubmission((body: TargetActualBody) => recordTargetActual(chosen!.id, year, body), FIELDS, {
    check: (body) => validatePlanTargetActual(body, year, todayInJapan()),
  });
  if (!chosen) return null;
  const years = chosen.years.map((y) => y.fiscalYear);
  const label = (i: PlanTarget) =>
    `${i.node ? `${l(i.node.levelName)} ${i.node.code}` : t('targets.wholePlan')} — ${i.name}`;
  const recorded = chosen.years.find((y) => y.fiscalYear === year);
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    sub.submit({ value: numberInput(value), source, asOf, ...(note.trim() ? { note } : {}) });
  };
  const result = sub.data as { changed: boolean } | undefined;
  return (
    <form
      className="card target-actual-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="target-actual-title"
    >
      <h3 id="target-actual-title">{t('targets.recordTitle')}</h3>
      <p className="hint">{t('targets.recordHint')}</p>
      <Field id="target-indicator" label={t('targets.indicator')}>
        {(aria) => (
          <select {...aria} value={chosen.id} onChange={(e) => setIndicatorId(e.target.value)}>
            {list.map((i) => (
              <option key={i.id} value={i.id}>
                {label(i)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="target-year" label={t('targets.year')} error={sub.errors.get('fiscalYear')}>
        {(aria) => (
          <select {...aria} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((fy) => (
              <option key={fy} value={fy}>
                {formatFiscalYear(fy, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {recorded?.actual !== null && recorded?.actual !== undefined && (
        <p className="hint" data-testid="target-recorded">
          {t('targets.recorded', {
            value: targetValue(recorded.actual, chosen.unit, lang),
            source: recorded.source ?? '—',
            date: recorded.asOf ?? '—',
          })}
        </p>
      )}
      <Field
        id="target-value"
        label={chosen.unit ? t('targets.valueIn', { unit: chosen.unit }) : t('targets.value')}
        error={sub.errors.get('value')}
        required
      >
        {(aria) => <NumberInput aria={aria} value={value} onChange={setValue} />}
      </Field>
      <Field
        id="target-source"
        label={t('targets.sourceLabel')}
        hint={t('targets.sourceHint')}
        error={sub.errors.get('source')}
        required
      >
        {(aria) => (
          <input {...aria} value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
        )}
      </Field>
      <Field
        id="target-as-of"
        label={t('targets.asOf')}
        hint={t('targets.asOfHint')}
        error={sub.errors.get('asOf')}
        required
      >
        {(aria) => <input {...aria} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />}
      </Field>
      <Field id="target-note" label={t('targets.note')} error={sub.errors.get('note')}>
        {(aria) => <input {...aria} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="record-actual">
          {sub.busy ? t('common.submitting') : t('targets.submit')}
        </button>
      </div>
      <FormMessage
        error={sub.summary}
        extra={sub.unshown}
        success={result ? (result.changed ? t('targets.saved') : t('targets.unchanged')) : undefined}
      />
    </form>
  );
}
