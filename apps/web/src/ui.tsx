import { CYCLE_STATUS_LABELS, type CycleStatus, STAGE_LABELS, type Stage } from '@pdca/domain/stages';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useI18n } from './i18n';
import { Link, useLocation } from './router';

/** The page's heading; it takes focus on arrival so screen readers announce the new page. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

/** The way back from a record to the list it was opened from. */
export function BackLink({ to }: { to: string }) {
  const { t } = useI18n();
  return (
    <p>
      <Link to={to}>← {t('common.back')}</Link>
    </p>
  );
}

/** A menu's links; the one for the section being shown is marked as the current page. */
/** Whether `path` is the page `section` or one under it (/budget is not under /budget-status's parent). */
function isUnder(path: string, section: string): boolean {
  return path === section || path.startsWith(section.endsWith('/') ? section : `${section}/`);
}

export function NavLinks({
  links,
  className,
}: {
  links: readonly { path: string; key: string }[];
  className?: string;
}) {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <ul className={className}>
      {links.map((n) => (
        <li key={n.path}>
          <Link to={n.path} aria-current={isUnder(path, n.path) ? 'page' : undefined}>
            {t(n.key)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function StageBadge({ stage }: { stage: Stage }) {
  const { l } = useI18n();
  return <span className={`badge stage-${stage.toLowerCase()}`}>{l(STAGE_LABELS[stage])}</span>;
}

export function StatusBadge({ status }: { status: CycleStatus }) {
  const { l } = useI18n();
  return <span className={`badge status-${status}`}>{l(CYCLE_STATUS_LABELS[status])}</span>;
}

/** Loading and failure for one query; children render once data is there. */
export function QueryView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (query.isPending) return <p aria-live="polite">{t('common.loading')}</p>;
  if (query.isError)
    return (
      <div role="alert" className="alert error">
        <p>{t('common.loadFailed')}</p>
        <button type="button" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  return <>{children(query.data as T)}</>;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and the server's problem right under it. */
export function Field({ id, label, error, hint, required, children }: FieldProps) {
  const { t } = useI18n();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required">{t('common.required')}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': !!error, ...(described ? { 'aria-describedby': described } : {}) })}
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Several controls under one legend, with the server's problem with the whole group (`field`) first. */
export function FieldGroup({
  legend,
  field,
  error,
  children,
}: {
  legend: string;
  field: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {error && (
        <p className="field-error" data-field-error={field}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/** A fieldset of checkboxes, one per option; the server's problem with `field` stands above them. */
export function CheckGroup<V extends string>({
  legend,
  name,
  options,
  checked,
  onChange,
  field,
  error,
}: {
  legend: string;
  name?: string;
  options: readonly { value: V; label: string }[];
  checked: readonly V[];
  onChange: (checked: V[]) => void;
  field: string;
  error?: string;
}) {
  return (
    <FieldGroup legend={legend} field={field} error={error}>
      <div className="check-grid">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input
              type="checkbox"
              name={name}
              checked={checked.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...checked, o.value] : checked.filter((v) => v !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
      </div>
    </FieldGroup>
  );
}

/** A form's outcome line: the server's sentence, problems of fields not on the form, or success. */
export function FormMessage({
  error,
  extra,
  success,
}: {
  error: string | null;
  extra?: string[];
  success?: string;
}) {
  if (error)
    return (
      <div role="alert" className="alert error">
        <p>{error}</p>
        {extra && extra.length > 0 && (
          <ul>
            {extra.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </div>
    );
  if (success)
    return (
      <p role="status" className="alert success">
        {success}
      </p>
    );
  return null;
}

/** A labelled filter drop-down; `all` adds a first option (value "") that shows everything. */
export function FilterSelect<V extends string | number>({
  label,
  value,
  options,
  optionLabel = String,
  all,
  onChange,
}: {
  label: string;
  value: V | '';
  options: readonly V[];
  optionLabel?: (option: V) => string;
  all?: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <label htmlFor={id}>
      {label}
      <Choice
        aria={{ id }}
        value={value}
        options={options.map((o) => ({ value: o, label: optionLabel(o) }))}
        empty={all ? t('common.all') : undefined}
        onChange={onChange}
      />
    </label>
  );
}

/**
 * A drop-down of `options`; `empty` names a first choice of value "" (none chosen, keep, all).
 * Inside a Field it takes the field's `aria`.
 */
export function Choice<V extends string | number>({
  aria,
  value,
  options,
  empty,
  onChange,
}: {
  aria?: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };
  value: V | '';
  options: readonly { value: V; label: string }[];
  empty?: string;
  onChange: (value: string) => void;
}) {
  return (
    <select {...aria} value={value} onChange={(e) => onChange(e.target.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/**
 * A question asked in the page before a step that cannot be undone: an alertdialog that takes the
 * focus when it appears (so a screen reader reads it), with the step and a way back.
 */
export function ConfirmBox({
  question,
  yes,
  no,
  onYes,
  onNo,
  write,
  className = 'card',
  danger = false,
}: {
  question: string;
  yes: string;
  no: string;
  onYes: () => void;
  onNo: () => void;
  write: string;
  className?: string;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={id}
      className={className}
      data-testid={`${write}-confirm`}
    >
      <p id={id}>{question}</p>
      <div className="actions">
        <button
          type="button"
          className={danger ? 'danger' : undefined}
          onClick={onYes}
          data-write={`${write}-confirm`}
        >
          {yes}
        </button>
        <button type="button" className={danger ? undefined : 'secondary'} onClick={onNo}>
          {no}
        </button>
      </div>
    </div>
  );
}
