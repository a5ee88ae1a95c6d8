import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, asEntered, type Entered, type Schemas, unwrap } from '../../api/client';
import { type CityPreset, type CitySettings, usePresets, useSettings } from '../../api/settings';
import { useSubmission } from '../../forms/use-submission';
import { useI18n } from '../../i18n';
import { Choice, Field, FormMessage, QueryView } from '../../ui';
import { AdminLayout } from './AdminLayout';
import { CostsSection } from './CostsSection';
import { PolicyEvaluationSection } from './PolicyEvaluationSection';
import { ScaleSection } from './SettingsGrades';
import { CadenceSection, DecisionsSection, FormulaSection, LevelsSection } from './SettingsSections';
import { draftOf, fieldPath, SCALES, type SettingsDraft, settingsBody, shownFields } from './settings-draft';

type PutSettings = Entered<Schemas['PutSettingsDto']>;

/** The setting keys in the order the page shows them (a preset's notes follow it). */
const KEYS = [
  'levels',
  'decisions',
  'ratings',
  'reviewCadence',
  'achievementFormula',
  'policyEvaluation',
] as const;

/** Choose one of the seeds' presets, read where each part comes from, and load it into the form. */
function PresetLoader({ presets, onLoad }: { presets: CityPreset[]; onLoad: (preset: CityPreset) => void }) {
  const { t, l } = useI18n();
  const [key, setKey] = useState('');
  const chosen = presets.find((p) => p.key === key);
  const notes = chosen ? KEYS.filter((k) => chosen.notes[k]) : [];
  return (
    <fieldset className="card preset-loader">
      <legend>{t('admin.settings.preset.legend')}</legend>
      <Field
        id="settings-preset"
        label={t('admin.settings.preset.choose')}
        hint={t('admin.settings.preset.hint')}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={key}
            options={presets.map((p) => ({ value: p.key, label: l(p.city) }))}
            empty="—"
            onChange={setKey}
          />
        )}
      </Field>
      {chosen && (
        <div className="preset-notes" data-testid="preset-notes">
          <h3>{t('admin.settings.preset.notes', { city: l(chosen.city) })}</h3>
          {notes.length === 0 ? (
            <p>{t('admin.settings.preset.noNotes')}</p>
          ) : (
            <dl>
              {notes.map((k) => (
                <div key={k}>
                  <dt className="note-key">{t(`admin.settings.keys.${k}`)}</dt>
                  <dd className="note-text">
                    {/\bassumed\b/.test(chosen.notes[k] ?? '') && (
                      <strong className="assumed">{t('admin.settings.preset.assumed')}</strong>
                    )}
                    {chosen.notes[k]}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
      <button type="button" className="secondary" disabled={!chosen} onClick={() => chosen && onLoad(chosen)}>
        {t('admin.settings.preset.load')}
      </button>
    </fieldset>
  );
}

function SettingsForm({
  initial,
  cityKeys,
  presets,
}: {
  initial: CitySettings;
  cityKeys: readonly string[];
  presets: CityPreset[];
}) {
  const { t, l } = useI18n();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(initial));
  const [reason, setReason] = useState('');
  const [loaded, setLoaded] = useState<CityPreset | null>(null);
  const sub = useSubmission(
    (body: PutSettings) => unwrap(api.PUT('/api/v1/settings', { body: asEntered(body) })),
    shownFields(draft),
  );
  const outcome = useRef<HTMLDivElement>(null);
  const answer = sub.done ? sub.data : undefined;
  // The outcome is what the official waits for: it takes focus (and so comes into view).
  useEffect(() => {
    if (answer || sub.summary) outcome.current?.focus();
  }, [answer, sub.summary]);

  const problem = (path: string) => sub.errors.get(fieldPath(path));
  const section = { draft, onChange: setDraft, problem };
  // "The standard settings are shown" holds only until a preset fills the form.
  const isDefault = (key: string) => loaded === null && !cityKeys.includes(key);
  const load = (preset: CityPreset) => {
    setDraft(draftOf(preset.settings));
    setLoaded(preset);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    sub.submit({ settings: settingsBody(draft), ...(trimmed ? { reason: trimmed } : {}) });
  };
  return (
    <>
      <PresetLoader presets={presets} onLoad={load} />
      {loaded && (
        <p className="alert info" role="status" data-testid="preset-loaded">
          {t('admin.settings.preset.loaded', { city: l(loaded.city) })}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label={t('admin.settings.title')} className="settings-form">
        <LevelsSection {...section} isDefault={isDefault('levels')} />
        <DecisionsSection {...section} isDefault={isDefault('decisions')} />
        {SCALES.map((scale) => (
          <ScaleSection key={scale} scale={scale} {...section} isDefault={isDefault('ratings')} />
        ))}
        <CadenceSection {...section} isDefault={isDefault('reviewCadence')} />
        <FormulaSection {...section} isDefault={isDefault('achievementFormula')} />
        <PolicyEvaluationSection {...section} isDefault={isDefault('policyEvaluation')} />
        <CostsSection {...section} isDefault={isDefault('costs')} />
        <Field
          id="settings-reason"
          label={t('admin.settings.reason')}
          hint={t('admin.settings.reasonHint')}
          error={sub.errors.get('reason')}
        >
          {(aria) => (
            <input {...aria} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <div ref={outcome} tabIndex={-1} className="settings-outcome">
          <FormMessage error={sub.summary} extra={sub.unshown} />
          {answer && (
            <div className="alert success applies-from" role="status" data-testid="settings-saved">
              <h2>{answer.changed ? t('admin.settings.saved') : t('admin.settings.unchanged')}</h2>
              <p data-testid="applies-from">{l(answer.appliesFrom)}</p>
            </div>
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={sub.busy} data-write="save-settings">
            {sub.busy ? t('admin.settings.saving') : t('admin.settings.save')}
          </button>
        </div>
      </form>
    </>
  );
}

/** The city's own words and rules, for HQ's administrators (the server checks the role again). */
export default function SettingsPage() {
  const { t } = useI18n();
  const settings = useSettings();
  const presets = usePresets();
  return (
    <AdminLayout title={t('admin.settings.title')}>
      <p>{t('admin.settings.intro')}</p>
      <QueryView query={settings}>
        {(current) => (
          <QueryView query={presets}>
            {(list) => <SettingsForm initial={current.settings} cityKeys={current.cityKeys} presets={list} />}
          </QueryView>
        )}
      </QueryView>
    </AdminLayout>
  );
}
