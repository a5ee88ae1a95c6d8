import { useEffect, useRef } from 'react';
import { type Schemas } from '../api/client';
import { type Cycle, type Item, usePlanSummary } from '../api/queries';
import { useI18n } from '../i18n';
import { formatMoney, punct } from '../lib/format';
import { Choice, Field, FieldGroup, FormMessage } from '../ui';
import { type FieldErrors, moneyInput } from './field-errors';
import { EFFECT_PARTS, type EffectDraft, effectNet } from './stage-forms';

export type Task = Schemas['TaskDto'];

export interface FormProps {
  cycle: Cycle;
  item: Item;
  task: Task;
  resubmit: boolean;
}

export function SubmitBar({ busy, resubmit }: { busy: boolean; resubmit: boolean }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" disabled={busy} data-write="submit">
        {busy ? t('common.submitting') : resubmit ? t('common.resubmit') : t('common.submit')}
      </button>
    </div>
  );
}

export function Outcome({
  summary,
  unshown,
  done,
  success,
  focus = false,
}: {
  summary: string | null;
  unshown: string[];
  done: boolean;
  /** What is said once it went through, instead of 「提出しました。」. */
  success?: string;
  /** The summary takes focus (and so comes into view) each time a submission fails. */
  focus?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus && summary) ref.current?.focus();
  }, [focus, summary]);
  const message = (
    <FormMessage
      error={summary}
      extra={unshown}
      success={done ? (success ?? t('common.submitted')) : undefined}
    />
  );
  return focus ? (
    <div ref={ref} tabIndex={-1} data-testid="form-outcome">
      {message}
    </div>
  ) : (
    message
  );
}

export const cycleParams = (cycleId: string) => ({ params: { path: { cycleId } } });

/** The typed amount read back in the language's money format, so a missing zero shows. */
export function MoneyEcho({ text }: { text: string }) {
  const { lang } = useI18n();
  const value = moneyInput(text);
  return typeof value === 'number' ? (
    <span className="money-echo">
      {punct(lang).equals}
      {formatMoney(value, lang)}
    </span>
  ) : null;
}

/** The tenant's progress grades (from the plan summary), best first; empty while loading. */
export function GradeSelect({
  cycle,
  item,
  value,
  onChange,
  error,
}: {
  cycle: Cycle;
  item: Item;
  value: string;
  onChange: (grade: string) => void;
  error: string | undefined;
}) {
  const { t, l, lang } = useI18n();
  const scale = usePlanSummary(item.planId, cycle.fiscalYear).data?.gradeScale ?? [];
  return (
    <Field id="grade" label={t('evaluation.grade')} hint={t('review.gradeHint')} error={error}>
      {(aria) => (
        <Choice
          aria={aria}
          value={value}
          options={scale.map((g) => ({
            value: g.code,
            label: `${g.symbol}${punct(lang).paren(l(g.label))}`,
          }))}
          empty="—"
          onChange={onChange}
        />
      )}
    </Field>
  );
}

type InputAria = { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A number kept as typed (the server checks it), right-aligned; `whole` for yen amounts. */
export function NumberInput({
  aria,
  value,
  onChange,
  whole = false,
}: {
  aria: InputAria;
  value: string;
  onChange: (text: string) => void;
  whole?: boolean;
}) {
  return (
    <input
      {...aria}
      inputMode={whole ? 'numeric' : 'decimal'}
      className="num"
      value={value}
      onChange={(ev) => onChange(ev.target.value)}
    />
  );
}

/** A yen amount with what was typed read back under it. */
export function MoneyInput({
  aria,
  value,
  onChange,
}: {
  aria: InputAria;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <>
      <NumberInput aria={aria} value={value} onChange={onChange} whole />
      <MoneyEcho text={value} />
    </>
  );
}

/** A number typed in a table cell (the row's heading labels it), with the server's problem under it. */
export function NumberCell({
  id,
  label,
  error,
  errorField,
  value,
  onChange,
}: {
  id: string;
  /** The column's heading, shown before the input where the table is a card (phone width). */
  label?: string;
  error?: string;
  errorField?: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <td className={error ? 'has-error' : undefined} data-label={label}>
      <NumberInput
        aria={{ id, 'aria-invalid': !!error, 'aria-describedby': error ? `${id}-error` : undefined }}
        value={value}
        onChange={onChange}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error={errorField}>
          {error}
        </p>
      )}
    </td>
  );
}

/** The field paths of a 効果額 the server may name: the whole object and each part. */
export const effectFieldPaths = (field: string) => [field, ...EFFECT_PARTS.map((k) => `${field}.${k}`)];

/** The three 効果額 amounts in yen under one legend, and the net 効果額 of what is typed. */
export function EffectFields({
  field,
  legend,
  hint,
  draft,
  onChange,
  errors,
}: {
  field: string;
  legend: string;
  hint?: string;
  draft: EffectDraft;
  onChange: (draft: EffectDraft) => void;
  errors: FieldErrors;
}) {
  const { t, lang } = useI18n();
  const net = effectNet(draft);
  return (
    <FieldGroup legend={legend} field={field} error={errors.get(field)}>
      {hint && <p className="hint">{hint}</p>}
      {EFFECT_PARTS.map((k) => (
        <Field key={k} id={`${field}-${k}`} label={t(`effect.${k}`)} error={errors.get(`${field}.${k}`)}>
          {(aria) => (
            <MoneyInput aria={aria} value={draft[k]} onChange={(text) => onChange({ ...draft, [k]: text })} />
          )}
        </Field>
      ))}
      <p className="effect-net" data-testid={`${field}-net`} aria-live="polite">
        {t('effect.net')}
        {punct(lang).colon}
        {net === null ? '—' : formatMoney(net, lang)}
      </p>
    </FieldGroup>
  );
}

/**
 * 差戻しへの回答: on a resubmission, the leader's answer to HQ's return comment (optional), shown
 * to HQ beside that comment. Not offered on a first submission.
 */
export function ReturnAnswerField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (text: string) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <Field
      id="returnAnswer"
      label={t('feedback.returnAnswer')}
      hint={t('feedback.returnAnswerHint')}
      error={error}
    >
      {(aria) => <textarea {...aria} rows={4} value={value} onChange={(ev) => onChange(ev.target.value)} />}
    </Field>
  );
}

/** The body's `returnAnswer` when one is written on a resubmission; nothing otherwise. */
export const returnAnswerField = (resubmit: boolean, text: string): { returnAnswer?: string } =>
  resubmit && text.trim() !== '' ? { returnAnswer: text } : {};
