// 市の設定's 施策評価 section (#24): off, or which plan level is evaluated (named by the city's own
// level names, the item level excluded), and the 担当部評価 scale. The opening date is the tenant
// calendar's (not edited on this page): the hint says when an evaluation opens.
import { useI18n } from '../../i18n';
import {
  DefaultNote,
  NameInputs,
  RadioChoice,
  RowCard,
  RowList,
  replaceAt,
  type SectionProps,
  TextInput,
} from './SettingsSections';
import { BOUNDS, newPolicyGrade, type PolicyGradeDraft } from './settings-draft';

/** The server's highest evaluated level (libs/domain policy-evaluation-settings.ts). */
const MAX_EVALUATED_LEVEL = 3;
const OFF = 'off';

export function PolicyEvaluationSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t } = useI18n();
  const policy = draft.policyEvaluation;
  const set = (next: Partial<typeof policy>) =>
    onChange({ ...draft, policyEvaluation: { ...policy, ...next } });
  // Every level above the reform item (the last one), as the city names it.
  const levels = draft.levels.slice(0, Math.min(draft.levels.length - 1, MAX_EVALUATED_LEVEL));
  const options = [
    { value: OFF, label: t('admin.settings.policy.off') },
    ...levels.map((level, i) => ({
      value: String(i + 1),
      label: t('admin.settings.policy.level', { name: level.ja || level.en, n: i + 1 }),
    })),
  ];
  const scale = policy.scale;
  const setScale = (next: PolicyGradeDraft[]) => set({ scale: next });
  const field = 'policyEvaluation.scale';
  return (
    <section className="settings-policy" aria-labelledby="settings-policy-heading">
      <h2 id="settings-policy-heading">{t('admin.settings.keys.policyEvaluation')}</h2>
      <p className="hint">{t('admin.settings.policy.intro')}</p>
      <DefaultNote show={isDefault} />
      <RadioChoice
        path="policyEvaluation.level"
        legend={t('admin.settings.policy.levelLegend')}
        value={policy.level === null ? OFF : String(policy.level)}
        options={options}
        onChange={(value) => set({ level: value === OFF ? null : Number(value) })}
        problem={problem}
      >
        <p className="hint">{t('admin.settings.policy.opens')}</p>
      </RadioChoice>
      <RowList
        field={field}
        legend={t('admin.settings.policy.scale')}
        hint={t('admin.settings.policy.scaleHint')}
        addLabel={t('admin.settings.ratings.add')}
        rows={scale}
        bounds={BOUNDS.grades}
        problem={problem}
        isDefault={false}
        testId="policy-grade"
        onAdd={() => setScale([...scale, newPolicyGrade()])}
      >
        {(grade, i) => {
          const at = `${field}[${i}]`;
          const update = (change: Partial<PolicyGradeDraft>) =>
            setScale(replaceAt(scale, i, { ...grade, ...change }));
          return (
            <RowCard
              name={t(i === 0 ? 'admin.settings.ratings.best' : 'admin.settings.ratings.row', { n: i + 1 })}
              at={at}
              wholeRow={['label', 'order']}
              problem={problem}
              removable={scale.length > BOUNDS.grades.min}
              onRemove={() => setScale(scale.filter((_, j) => j !== i))}
              grid="settings-grid grades"
            >
              <TextInput
                path={`${at}.code`}
                label={t('admin.settings.code')}
                value={grade.code}
                onChange={(code) => update({ code })}
                problem={problem}
              />
              <NameInputs at={`${at}.label`} value={grade} onChange={update} problem={problem} />
            </RowCard>
          );
        }}
      </RowList>
    </section>
  );
}
