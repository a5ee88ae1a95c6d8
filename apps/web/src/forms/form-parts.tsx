import { type Schemas } from '../api/client';
import { type Cycle, type Item, usePlanSummary } from '../api/queries';
import { useI18n } from '../i18n';
import { formatMoney } from '../lib/format';
import { Field, FormMessage } from '../ui';
import { numberInput } from './field-errors';

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
}: {
  summary: string | null;
  unshown: string[];
  done: boolean;
}) {
  const { t } = useI18n();
  return <FormMessage error={summary} extra={unshown} success={done ? t('common.submitted') : undefined} />;
}

export const cycleParams = (cycleId: string) => ({ params: { path: { cycleId } } });

/** The typed amount read back in the language's money format, so a missing zero shows. */
export function MoneyEcho({ text }: { text: string }) {
  const { lang } = useI18n();
  const value = numberInput(text);
  return typeof value === 'number' ? <span className="money-echo">＝ {formatMoney(value, lang)}</span> : null;
}

/** The tenant's progress grades (from the plan summary), best first; empty while loading. */
export function GradeSelect({
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
