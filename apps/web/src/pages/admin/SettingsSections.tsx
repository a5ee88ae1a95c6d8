// The sections of the settings page: the plan's levels, the 今後の方向性 list (the grade lists are
// in SettingsGrades.tsx), the review cadence and the default 目標達成率 formula. Each control's id is made from
// the field path a 400 names, so the server's problem stands right under the control it is about.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { punct } from '../../lib/format';
import { Choice, Field, FieldGroup } from '../../ui';
import {
  BOUNDS,
  BUDGET_RULES,
  controlId,
  type DecisionDraft,
  FORMULAS,
  fieldPath,
  newDecision,
  newLevel,
  REVIEW_CADENCES,
  type SettingsDraft,
  withFlag,
} from './settings-draft';

/** The server's problem with a part of the settings (`decisions[1].budgetRule`), if any. */
export type ProblemOf = (path: string) => string | undefined;

export interface SectionProps {
  draft: SettingsDraft;
  onChange: (draft: SettingsDraft) => void;
  problem: ProblemOf;
  /** The city has not set this part yet: the page shows the product's default. */
  isDefault: boolean;
}

export function TextInput({
  path,
  label,
  value,
  onChange,
  problem,
  hint,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  problem: ProblemOf;
  hint?: string;
}) {
  return (
    <Field id={controlId(fieldPath(path))} label={label} hint={hint} error={problem(path)}>
      {(aria) => <input {...aria} type="text" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** "Remove" with the row's name for screen readers. */
function RemoveButton({ name, disabled, onClick }: { name: string; disabled: boolean; onClick: () => void }) {
  const { t, lang } = useI18n();
  return (
    <button type="button" className="secondary small" disabled={disabled} onClick={onClick}>
      {t('admin.settings.remove')}
      <span className="visually-hidden">
        {punct(lang).colon}
        {name}
      </span>
    </button>
  );
}

export function DefaultNote({ show }: { show: boolean }) {
  const { t } = useI18n();
  return show ? <p className="hint default-note">{t('admin.settings.isDefault')}</p> : null;
}

export function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((v, i) => (i === index ? value : v));
}

/**
 * A list of rows under one legend, within its bounds: the server's problem with the whole list,
 * what the list is for, a note while the city has set nothing, the rows and an "add" button.
 */
export function RowList<T extends { key: number }>({
  field,
  legend,
  hint,
  addLabel,
  rows,
  bounds,
  problem,
  isDefault,
  testId,
  onAdd,
  children,
}: {
  field: string;
  legend: string;
  hint: string;
  addLabel: string;
  rows: readonly T[];
  bounds: { min: number; max: number };
  problem: ProblemOf;
  isDefault: boolean;
  testId: string;
  onAdd: () => void;
  children: (row: T, index: number) => ReactNode;
}) {
  return (
    <FieldGroup legend={legend} field={fieldPath(field)} error={problem(field)}>
      <p className="hint">{hint}</p>
      <DefaultNote show={isDefault} />
      <ol className="settings-rows">
        {rows.map((row, i) => (
          <li key={row.key} className="settings-row" data-testid={`${testId}-${i}`}>
            {children(row, i)}
          </li>
        ))}
      </ol>
      <button type="button" className="secondary" disabled={rows.length >= bounds.max} onClick={onAdd}>
        {addLabel}
      </button>
    </FieldGroup>
  );
}

/**
 * One row as a card: its name, the server's problems with the row as a whole (`decisions[1]`, its
 * label object) above its inputs, and "remove" unless the list is at its minimum.
 */
export function RowCard({
  name,
  at,
  wholeRow,
  problem,
  removable,
  onRemove,
  grid = 'settings-grid',
  after,
  children,
}: {
  name: string;
  at: string;
  wholeRow: string[];
  problem: ProblemOf;
  removable: boolean;
  onRemove: () => void;
  grid?: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  const paths = [at, ...wholeRow.map((part) => `${at}.${part}`)].filter((p) => problem(p));
  return (
    <fieldset>
      <legend>{name}</legend>
      {paths.map((p) => (
        <p key={p} className="field-error" data-field-error={fieldPath(p)}>
          {problem(p)}
        </p>
      ))}
      <div className={grid}>{children}</div>
      {after}
      <RemoveButton name={name} disabled={!removable} onClick={onRemove} />
    </fieldset>
  );
}

/** The Japanese and English name of a row (`levels[0].name`, `decisions[1].label`). */
export function NameInputs({
  at,
  value,
  onChange,
  problem,
}: {
  at: string;
  value: { ja: string; en: string };
  onChange: (value: { ja: string; en: string }) => void;
  problem: ProblemOf;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        path={`${at}.ja`}
        label={t('admin.settings.nameJa')}
        value={value.ja}
        onChange={(ja) => onChange({ ...value, ja })}
        problem={problem}
      />
      <TextInput
        path={`${at}.en`}
        label={t('admin.settings.nameEn')}
        value={value.en}
        onChange={(en) => onChange({ ...value, en })}
        problem={problem}
      />
    </>
  );
}

export function LevelsSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t } = useI18n();
  const { levels } = draft;
  const set = (next: SettingsDraft['levels']) => onChange({ ...draft, levels: next });
  const nameOf = (i: number) =>
    t(
      i === levels.length - 1
        ? 'admin.settings.levels.item'
        : i === 0
          ? 'admin.settings.levels.top'
          : 'admin.settings.levels.row',
      { n: i + 1 },
    );
  return (
    <RowList
      field="levels"
      legend={t('admin.settings.levels.legend')}
      hint={t('admin.settings.levels.hint')}
      addLabel={t('admin.settings.levels.add')}
      rows={levels}
      bounds={BOUNDS.levels}
      problem={problem}
      isDefault={isDefault}
      testId="level"
      // A new level goes above the reform item, which stays last.
      onAdd={() => set([...levels.slice(0, -1), newLevel(), ...levels.slice(-1)])}
    >
      {(level, i) => (
        <RowCard
          name={nameOf(i)}
          at={`levels[${i}]`}
          wholeRow={['name']}
          problem={problem}
          removable={levels.length > BOUNDS.levels.min}
          onRemove={() => set(levels.filter((_, j) => j !== i))}
        >
          <NameInputs
            at={`levels[${i}].name`}
            value={level}
            onChange={(name) => set(replaceAt(levels, i, { ...level, ...name }))}
            problem={problem}
          />
        </RowCard>
      )}
    </RowList>
  );
}

function Check({
  path,
  label,
  checked,
  onChange,
  problem,
}: {
  path: string;
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  problem: ProblemOf;
}) {
  const id = controlId(fieldPath(path));
  const error = problem(path);
  return (
    <div className={`field check${error ? ' has-error' : ''}`}>
      <label className="radio" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A decision's code, order and budget rule (its name is NameInputs'). */
function DecisionFields({
  at,
  decision,
  onChange,
  problem,
}: {
  at: string;
  decision: DecisionDraft;
  onChange: (d: DecisionDraft) => void;
  problem: ProblemOf;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        path={`${at}.code`}
        label={t('admin.settings.code')}
        hint={t('admin.settings.codeHint')}
        value={decision.code}
        onChange={(code) => onChange({ ...decision, code })}
        problem={problem}
      />
      <Field
        id={controlId(fieldPath(`${at}.order`))}
        label={t('admin.settings.decisions.order')}
        hint={t('admin.settings.decisions.orderHint')}
        error={problem(`${at}.order`)}
      >
        {(aria) => (
          <input
            {...aria}
            inputMode="numeric"
            className="num"
            value={decision.order}
            onChange={(e) => onChange({ ...decision, order: e.target.value })}
          />
        )}
      </Field>
      <Field
        id={controlId(fieldPath(`${at}.budgetRule`))}
        label={t('admin.settings.decisions.budgetRule')}
        hint={t(`citySettings.ruleHints.${decision.budgetRule}`)}
        error={problem(`${at}.budgetRule`)}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={decision.budgetRule}
            options={BUDGET_RULES.map((r) => ({ value: r, label: t(`citySettings.rules.${r}`) }))}
            onChange={(v) => onChange({ ...decision, budgetRule: v as DecisionDraft['budgetRule'] })}
          />
        )}
      </Field>
    </>
  );
}

export function DecisionsSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t, l } = useI18n();
  const { decisions } = draft;
  const set = (next: DecisionDraft[]) => onChange({ ...draft, decisions: next });
  return (
    <RowList
      field="decisions"
      legend={t('admin.settings.decisions.legend')}
      hint={t('admin.settings.decisions.hint')}
      addLabel={t('admin.settings.decisions.add')}
      rows={decisions}
      bounds={BOUNDS.decisions}
      problem={problem}
      isDefault={isDefault}
      testId="decision"
      onAdd={() => set([...decisions, newDecision(decisions)])}
    >
      {(decision, i) => {
        const at = `decisions[${i}]`;
        const update = (next: DecisionDraft) => set(replaceAt(decisions, i, next));
        const flag = (name: 'endsItem' | 'carriesOver') => (
          <Check
            path={`${at}.${name}`}
            label={t(`admin.settings.decisions.${name}`)}
            checked={decision[name]}
            onChange={(on) => update(withFlag(decision, name, on))}
            problem={problem}
          />
        );
        return (
          <RowCard
            name={t('admin.settings.decisions.row', {
              n: i + 1,
              label: l(decision) || t('admin.settings.decisions.unnamed'),
            })}
            at={at}
            wholeRow={['label']}
            problem={problem}
            removable={decisions.length > BOUNDS.decisions.min}
            onRemove={() => set(decisions.filter((_, j) => j !== i))}
            after={
              <>
                {flag('endsItem')}
                {flag('carriesOver')}
              </>
            }
          >
            <NameInputs
              at={`${at}.label`}
              value={decision}
              onChange={(label) => update({ ...decision, ...label })}
              problem={problem}
            />
            <DecisionFields at={at} decision={decision} onChange={update} problem={problem} />
          </RowCard>
        );
      }}
    </RowList>
  );
}

/** One choice among a few, as radio buttons with a sentence under each where it helps. */
export function RadioChoice<V extends string>({
  path,
  legend,
  value,
  options,
  onChange,
  problem,
  children,
}: {
  path: string;
  legend: string;
  value: V;
  options: readonly { value: V; label: string; hint?: string }[];
  onChange: (value: V) => void;
  problem: ProblemOf;
  children?: ReactNode;
}) {
  const id = controlId(fieldPath(path));
  const error = problem(path);
  return (
    <fieldset className={error ? 'has-error' : undefined} id={id}>
      <legend>{legend}</legend>
      {children}
      {error && (
        <p className="field-error" data-field-error={id}>
          {error}
        </p>
      )}
      <div className="radio-row">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>
              {o.label}
              {o.hint && <small className="radio-hint">{o.hint}</small>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CadenceSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t } = useI18n();
  return (
    <RadioChoice
      path="reviewCadence"
      legend={t('admin.settings.cadence.legend')}
      value={draft.reviewCadence}
      options={REVIEW_CADENCES.map((c) => ({ value: c, label: t(`admin.settings.cadence.${c}`) }))}
      onChange={(reviewCadence) => onChange({ ...draft, reviewCadence })}
      problem={problem}
    >
      <p className="hint">{t('admin.settings.cadence.hint')}</p>
      <DefaultNote show={isDefault} />
    </RadioChoice>
  );
}

export function FormulaSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t } = useI18n();
  return (
    <RadioChoice
      path="achievementFormula"
      legend={t('admin.settings.formula.legend')}
      value={draft.achievementFormula}
      options={FORMULAS.map((f) => ({
        value: f,
        label: t(`admin.settings.formula.${f}`),
        hint: t(`admin.settings.formula.${f}Hint`),
      }))}
      onChange={(achievementFormula) => onChange({ ...draft, achievementFormula })}
      problem={problem}
    >
      <p className="hint">{t('admin.settings.formula.hint')}</p>
      <DefaultNote show={isDefault} />
    </RadioChoice>
  );
}
