import { useState } from 'react';
import { type PlanTarget, putTargetSettings, type TargetSettingsBody, usePlanTargets } from '../api/targets';
import { numberInput } from '../forms/field-errors';
import { NumberInput } from '../forms/form-parts';
import { ReasonForm } from '../forms/ReasonForm';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatFiscalYear, punct } from '../lib/format';
import { Choice, Field } from '../ui';

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/**
 * HQ sets a plan or node indicator's 目標値（計画期間）, whether its years add up (累計) or the latest
 * counts, and its yearly targets, with a reason for the ledger (#24). Opens on the indicator's
 * current values; an empty 目標値（計画期間） lets it be derived from the yearly targets.
 */
export function TargetSettingsForm({ planId, fiscalYear }: { planId: string; fiscalYear: number }) {
  const { t, l } = useI18n();
  const targets = usePlanTargets(planId, fiscalYear);
  const list = targets.data?.indicators ?? [];
  const [indicatorId, setIndicatorId] = useState('');
  const chosen = list.find((i) => i.id === indicatorId) ?? list[0];
  if (!chosen) return null;
  const label = (i: PlanTarget) =>
    `${i.node ? `${l(i.node.levelName)} ${i.node.code}` : t('targets.wholePlan')} — ${i.name}`;
  return (
    <section className="card target-settings" aria-labelledby="target-settings-title">
      <h3 id="target-settings-title">{t('targets.settingsTitle')}</h3>
      <Field id="target-settings-indicator" label={t('targets.indicator')}>
        {(aria) => (
          <Choice
            aria={aria}
            value={chosen.id}
            options={list.map((i) => ({ value: i.id, label: label(i) }))}
            onChange={setIndicatorId}
          />
        )}
      </Field>
      {/* A fresh form per indicator, opening on its values. */}
      <SettingsFields key={chosen.id} indicator={chosen} />
    </section>
  );
}

function SettingsFields({ indicator }: { indicator: PlanTarget }) {
  const { t, lang } = useI18n();
  const [periodTarget, setPeriodTarget] = useState(
    indicator.periodTargetDerived ? '' : text(indicator.periodTarget),
  );
  const [accumulation, setAccumulation] = useState<'sum' | 'latest'>(indicator.accumulation);
  const [yearly, setYearly] = useState<Record<number, string>>(
    Object.fromEntries(indicator.years.map((y) => [y.fiscalYear, text(y.target)])),
  );
  const fields = [
    'periodTarget',
    'accumulation',
    'reason',
    ...indicator.years.map((y) => `targets.${y.fiscalYear}`),
  ];
  const sub = useSubmission((body: TargetSettingsBody) => putTargetSettings(indicator.id, body), fields);
  const result = sub.data as { changed: boolean } | undefined;
  const send = (reason: string) =>
    sub.submit({
      periodTarget: numberInput(periodTarget),
      targets: Object.fromEntries(
        Object.entries(yearly)
          .filter(([, value]) => value.trim() !== '')
          .map(([fy, value]) => [fy, numberInput(value)]),
      ),
      accumulation,
      reason,
    });
  const unit = indicator.unit ? punct(lang).paren(indicator.unit) : '';
  return (
    <ReasonForm
      sub={sub}
      onSubmit={send}
      id="target-settings"
      label={t('targets.settingsTitle')}
      hint={t('targets.settingsHint')}
      reasonLabel={t('targets.reason')}
      submitLabel={t('targets.settingsSubmit')}
      success={result ? (result.changed ? t('targets.settingsSaved') : t('targets.unchanged')) : undefined}
      write="target-settings"
      className="target-settings-form"
    >
      <Field
        id="target-period"
        label={`${t('targets.periodTarget')}${unit}`}
        hint={t('targets.periodTargetHint')}
        error={sub.errors.get('periodTarget')}
      >
        {(aria) => <NumberInput aria={aria} value={periodTarget} onChange={setPeriodTarget} />}
      </Field>
      <Field
        id="target-accumulation"
        label={t('targets.accumulation')}
        error={sub.errors.get('accumulation')}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={accumulation}
            options={[
              { value: 'sum', label: t('targets.accumulationSum') },
              { value: 'latest', label: t('targets.accumulationLatest') },
            ]}
            onChange={(value) => setAccumulation(value as 'sum' | 'latest')}
          />
        )}
      </Field>
      {indicator.years.map((y) => (
        <Field
          key={y.fiscalYear}
          id={`target-year-${y.fiscalYear}`}
          label={`${t('targets.targetOf', { fy: formatFiscalYear(y.fiscalYear, lang) })}${unit}`}
          error={sub.errors.get(`targets.${y.fiscalYear}`)}
        >
          {(aria) => (
            <NumberInput
              aria={aria}
              value={yearly[y.fiscalYear] ?? ''}
              onChange={(value) => setYearly({ ...yearly, [y.fiscalYear]: value })}
            />
          )}
        </Field>
      ))}
    </ReasonForm>
  );
}
