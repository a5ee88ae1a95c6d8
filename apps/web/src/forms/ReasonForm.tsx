import { type ReactNode, useState } from 'react';
import { Field, FormMessage } from '../ui';
import type { Submission } from './use-submission';

/**
 * An HQ action that the ledger records with a reason: the outcome line, any fields of the action
 * (children), the required reason and the submit button. Titled by `heading` when it is a card of its
 * own, else named by `label`.
 */
export function ReasonForm({
  sub,
  onSubmit,
  id,
  label,
  heading,
  hint,
  reasonLabel,
  success,
  submitLabel,
  write,
  multiline = false,
  className = 'inline-form',
  danger = false,
  children,
}: {
  sub: Pick<Submission<unknown>, 'summary' | 'unshown' | 'done' | 'errors' | 'busy'>;
  onSubmit: (reason: string) => void;
  id: string;
  label?: string;
  heading?: string;
  hint?: string;
  reasonLabel: string;
  success?: string;
  submitLabel: string;
  write: string;
  multiline?: boolean;
  className?: string;
  danger?: boolean;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(reason);
      }}
      noValidate
      className={className}
      {...(heading ? { 'aria-labelledby': `${id}-title` } : { 'aria-label': label })}
    >
      {heading && <h2 id={`${id}-title`}>{heading}</h2>}
      {hint && <p className="hint">{hint}</p>}
      <FormMessage error={sub.summary} extra={sub.unshown} success={sub.done ? success : undefined} />
      {children}
      <Field id={`${id}-reason`} label={reasonLabel} error={sub.errors.get('reason')} required>
        {(aria) =>
          multiline ? (
            <textarea {...aria} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          ) : (
            <input {...aria} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
          )
        }
      </Field>
      <button type="submit" className={danger ? 'danger' : undefined} disabled={sub.busy} data-write={write}>
        {submitLabel}
      </button>
    </form>
  );
}
