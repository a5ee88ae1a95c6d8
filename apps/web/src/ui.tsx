import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import {
  CYCLE_STATUS_LABELS,
  type CycleStatus,
  STAGE_LABELS,
  type Stage,
} from '../../../libs/domain/src/stages';
import { useI18n } from './i18n';

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
