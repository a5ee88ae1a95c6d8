import { useI18n } from '../../i18n';
import { DefaultNote, type SectionProps, TextInput } from './SettingsSections';

/** 人件費単価: what the フルコスト of every item is computed with (#26). */
export function CostsSection({ draft, onChange, problem, isDefault }: SectionProps) {
  const { t } = useI18n();
  return (
    <fieldset className="card">
      <legend>{t('admin.settings.costs.legend')}</legend>
      <TextInput
        path="costs.staffUnitCost"
        label={t('admin.settings.costs.label')}
        hint={t('admin.settings.costs.hint')}
        value={draft.costs.staffUnitCost}
        onChange={(staffUnitCost) => onChange({ ...draft, costs: { staffUnitCost } })}
        problem={problem}
      />
      <DefaultNote show={isDefault} />
    </fieldset>
  );
}
