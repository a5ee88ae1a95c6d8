// 市の設定's 施策評価 section (#24): off, or which plan level is evaluated (named by the city's own
// level names, the item level excluded), and the 担当部評価 scale. The opening date is the tenant
// calendar's (not edited on this page): the hint says when an evaluation opens.
import { useI18n } from '../../i18n';
import { GradeList } from './SettingsGrades';
import { DefaultNote, RadioChoice, type SectionProps } from './SettingsSections';
import { newPolicyGrade, type PolicyGradeDraft } from './settings-draft';

/** The server's highest evaluated level (libs/domain policy-evaluation-settings.ts). */
const MAX_EVALUATED_LEVEL = 3;
const OFF = 'off';

export function PolicyEvaluationSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t, lang } = useI18n();
  const policy = draft.policyEvaluation;
  const set = (next: Partial<typeof policy>) =>
    onChange({ ...draft, policyEvaluation: { ...policy, ...next } });
  // Every level above the reform item (the last one), as the city names it.
  const levels = draft.levels.slice(0, Math.min(draft.levels.length - 1, MAX_EVALUATED_LEVEL));
  const options = [
    { value: OFF, label: t('admin.settings.policy.off') },
    ...levels.map((level, i) => ({
      value: String(i + 1),
      label: t('admin.settings.policy.level', {
        name: (lang === 'en' ? level.en : level.ja) || level.ja,
        n: i + 1,
      }),
    })),
  ];
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
      <GradeList<PolicyGradeDraft>
        field="policyEvaluation.scale"
        legend={t('admin.settings.policy.scale')}
        hint={t('admin.settings.policy.scaleHint')}
        grades={policy.scale}
        set={(scale) => set({ scale })}
        newRow={newPolicyGrade}
        problem={problem}
        isDefault={false}
        testId="policy-grade"
      />
    </section>
  );
}
