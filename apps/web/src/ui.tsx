import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import {
  CYCLE_STATUS_LABELS,
  type CycleStatus,
  RATING_LABELS,
  RATINGS,
  type Rating,
  STAGE_LABELS,
  type Stage,
} from '../../../libs/domain/src/stages';
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
          <Link to={n.path} aria-current={path.startsWith(n.path) ? 'page' : undefined}>
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

type Localize = ReturnType<typeof useI18n>['l'];

/** A rating as it reads everywhere: its letter and its name, e.g. A（順調）. */
export const ratingLabel = (rating: Rating, l: Localize) => `${rating}（${l(RATING_LABELS[rating])}）`;

/** Every rating as a drop-down choice. */
export const ratingOptions = (l: Localize) => RATINGS.map((r) => ({ value: r, label: ratingLabel(r, l) }));

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

/** A table's column heading: its text, right-aligned for numbers, or read only by screen readers. */
export interface Column {
  label: string;
  num?: boolean;
  hidden?: boolean;
}

/** The columns several tables begin with, named once so that they read alike everywhere. */
export const ITEM_COLUMNS = [
  'common.code',
  'common.item',
  'common.workingGroup',
  'common.stage',
  'common.status',
] as const;
export const INDICATOR_COLUMNS = [
  'plan.indicator',
  'plan.unit',
  'plan.baseline',
  'plan.direction',
  'plan.planned',
] as const;

/** The header row of a data table; a `false` column (one not shown to this user) is left out. */
export function TableHead({ columns }: { columns: (Column | string | false)[] }) {
  return (
    <thead>
      <tr>
        {columns
          .filter((column) => column !== false)
          .map((column) => {
            const c = typeof column === 'string' ? { label: column } : column;
            return (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            );
          })}
      </tr>
    </thead>
  );
}

/** Previous / next under a long list, with "rows a–b of n"; nothing when one page holds all. */
export function Pager({
  view,
  total,
  size,
  onPage,
}: {
  view: { page: number; pages: number; rows: readonly unknown[] };
  total: number;
  size: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  if (view.pages <= 1) return null;
  const from = view.page * size + 1;
  const label = t('common.page', { from, to: from + view.rows.length - 1, total });
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="secondary"
        disabled={view.page === 0}
        onClick={() => onPage(view.page - 1)}
      >
        {t('common.prev')}
      </button>
      <span>{label}</span>
      <button
        type="button"
        className="secondary"
        disabled={view.page >= view.pages - 1}
        onClick={() => onPage(view.page + 1)}
      >
        {t('common.next')}
      </button>
    </nav>
  );
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

/** Which row of a table has its form open (one at a time): `row(id)` gives an EditableRow its state. */
export function useOpenRow() {
  const [open, setOpen] = useState<string | null>(null);
  return {
    row: (id: string) => ({ open: open === id, onToggle: () => setOpen(open === id ? null : id) }),
    close: () => setOpen(null),
  };
}

/**
 * A table row headed by `name`, whose last cell holds a small button that opens the row's form in a
 * full-width row under it; without `edit` (the user may not change it) the row only shows its cells.
 */
export function EditableRow({
  name,
  cells,
  open,
  onToggle,
  edit,
  colSpan,
  children,
}: {
  name: string;
  cells: ReactNode;
  open: boolean;
  onToggle: () => void;
  edit?: { label: string; write: string };
  colSpan: number;
  children: () => ReactNode;
}) {
  return (
    <>
      <tr>
        <th scope="row">{name}</th>
        {cells}
        {edit && (
          <td>
            <button
              type="button"
              className="secondary small"
              aria-expanded={open}
              aria-label={`${name}：${edit.label}`}
              onClick={onToggle}
              data-write={edit.write}
            >
              {edit.label}
            </button>
          </td>
        )}
      </tr>
      {open && (
        <tr>
          <td colSpan={colSpan}>{children()}</td>
        </tr>
      )}
    </>
  );
}
