// The settings page's grade lists: the two item evaluation scales (一次評価（所管）, 二次評価（本部）) and
// 施策評価's 担当部評価, one component for both (a code, names and, for the item scales, a symbol).
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import {
  NameInputs,
  type ProblemOf,
  RowCard,
  RowList,
  replaceAt,
  type SectionProps,
  TextInput,
} from './SettingsSections';
import { BOUNDS, type GradeDraft, newGrade, type Scale } from './settings-draft';

/** A grade row as both scales keep it: a code and its names (the item scales add a symbol). */
interface GradeRow {
  readonly key: number;
  code: string;
  ja: string;
  en: string;
}

/**
 * A scale's grades, best first, within the bounds: the item evaluations' (with a symbol, through
 * `between`) and the 担当部評価 of 施策評価 (libs/domain: a grade's order is its place).
 */
export function GradeList<G extends GradeRow>({
  field,
  legend,
  hint,
  grades,
  set,
  newRow,
  problem,
  isDefault,
  testId,
  between,
}: {
  field: string;
  legend: string;
  hint: string;
  grades: readonly G[];
  set: (next: G[]) => void;
  newRow: () => G;
  problem: ProblemOf;
  isDefault: boolean;
  testId: string;
  /** Inputs between the code and the names. */
  between?: (grade: G, at: string, update: (change: Partial<G>) => void) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <RowList
      field={field}
      legend={legend}
      hint={hint}
      addLabel={t('admin.settings.ratings.add')}
      rows={grades}
      bounds={BOUNDS.grades}
      problem={problem}
      isDefault={isDefault}
      testId={testId}
      onAdd={() => set([...grades, newRow()])}
    >
      {(grade, i) => {
        const at = `${field}[${i}]`;
        const update = (change: Partial<G>) => set(replaceAt(grades, i, { ...grade, ...change }));
        return (
          <RowCard
            name={t(i === 0 ? 'admin.settings.ratings.best' : 'admin.settings.ratings.row', { n: i + 1 })}
            at={at}
            wholeRow={['label', 'order']}
            problem={problem}
            removable={grades.length > BOUNDS.grades.min}
            onRemove={() => set(grades.filter((_, j) => j !== i))}
            grid="settings-grid grades"
          >
            <TextInput
              path={`${at}.code`}
              label={t('admin.settings.code')}
              value={grade.code}
              onChange={(code) => update({ code } as Partial<G>)}
              problem={problem}
            />
            {between?.(grade, at, update)}
            <NameInputs
              at={`${at}.label`}
              value={grade}
              onChange={(name) => update(name as Partial<G>)}
              problem={problem}
            />
          </RowCard>
        );
      }}
    </RowList>
  );
}

export function ScaleSection({
  scale,
  draft,
  onChange,
  problem,
  isDefault,
}: SectionProps & { scale: Scale }) {
  const { t } = useI18n();
  return (
    <GradeList<GradeDraft>
      field={`ratings.${scale}`}
      legend={t(`admin.settings.ratings.${scale}`)}
      hint={t('admin.settings.ratings.hint')}
      grades={draft.ratings[scale]}
      set={(next) => onChange({ ...draft, ratings: { ...draft.ratings, [scale]: next } })}
      newRow={newGrade}
      problem={problem}
      isDefault={isDefault}
      testId={`${scale}-grade`}
      between={(grade, at, update) => (
        <TextInput
          path={`${at}.symbol`}
          label={t('admin.settings.ratings.symbol')}
          value={grade.symbol}
          onChange={(symbol) => update({ symbol })}
          problem={problem}
        />
      )}
    />
  );
}
