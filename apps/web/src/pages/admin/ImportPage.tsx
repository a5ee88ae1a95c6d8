import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type PlanImportReport, uploadPlanFile } from '../../api/client';
import { summaryOf } from '../../forms/field-errors';
import { useI18n } from '../../i18n';
import { type FileProblem, fileProblemsOf } from '../../lib/admin';
import { punct } from '../../lib/format';
import { planCountsText } from '../../lib/plan-levels';
import { Link } from '../../router';
import { TableHead } from '../../tables';
import { FormMessage } from '../../ui';
import { AdminLayout } from './AdminLayout';

function ProblemTable({ problems }: { problems: FileProblem[] }) {
  const { t } = useI18n();
  const [row, column, value, severity, problem] = [
    t('admin.import.row'),
    t('admin.import.column'),
    t('admin.import.value'),
    t('admin.import.severity'),
    t('admin.import.problem'),
  ];
  return (
    // At phone width each problem is a card, each cell labelled by its column (data-label).
    <table className="data-table cards" data-testid="import-problems">
      <TableHead columns={[row, column, value, severity, problem]} />
      <tbody>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id and never reorder
          <tr key={i} className={p.severity === 'error' ? 'overdue' : undefined}>
            <td data-label={row} className="num">
              {p.row ?? t('admin.import.wholeFile')}
            </td>
            <td data-label={column}>{p.column ?? '—'}</td>
            <td data-label={value}>{p.value || '—'}</td>
            <td data-label={severity} className="nowrap">
              {t(`admin.import.${p.severity}`)}
            </td>
            <td data-label={problem}>{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CodeList({ label, codes }: { label: string; codes: string[] }) {
  const { lang } = useI18n();
  if (codes.length === 0) return null;
  return (
    <div>
      <dt>
        {label}
        {punct(lang).paren(String(codes.length))}
      </dt>
      <dd>{codes.join(lang === 'ja' ? '、' : ', ')}</dd>
    </div>
  );
}

/** What an import would do (the dry run) or, once `done`, what it did, in the past tense. */
function ReportView({ report, done = false }: { report: PlanImportReport; done?: boolean }) {
  const { t, lang } = useI18n();
  const key = (name: string) => `admin.import.${name}${done ? 'Done' : ''}`;
  return (
    <div data-testid="import-report">
      <p>
        {t(key(report.planCreated ? 'planCreated' : 'planUpdated'), {
          title: report.planTitle,
        })}
      </p>
      <p data-testid="import-counts">{planCountsText(report, lang)}</p>
      <dl className="payload">
        <CodeList label={t(key('added'))} codes={report.added} />
        <CodeList label={t(key('changed'))} codes={report.changed.map((c) => c.code)} />
        <CodeList label={t(key('removed'))} codes={report.removed} />
        <CodeList label={t(key('unchanged'))} codes={report.unchanged} />
        <CodeList label={t(key('groupsCreated'))} codes={report.workingGroupsCreated} />
      </dl>
      {report.warnings.length > 0 && (
        <>
          <h3>{t('admin.import.warnings')}</h3>
          <ProblemTable
            problems={report.warnings.map((w) => ({
              row: w.row,
              column: w.column,
              value: w.value ?? '',
              severity: w.severity,
              message: w.message[lang],
            }))}
          />
        </>
      )}
    </div>
  );
}

/** After an import: where the work goes on — the WGs' leaders, then the year's cycles. */
function NextSteps({ report }: { report: PlanImportReport }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="import-next-title" data-testid="import-next">
      <h2 id="import-next-title">{t('admin.import.next')}</h2>
      <ol>
        <li>
          <Link to="/admin/groups">{t('admin.import.nextGroups')}</Link>
          {report.workingGroupsCreated.length > 0 && (
            <> {t('admin.import.nextGroupsNew', { n: report.workingGroupsCreated.length })}</>
          )}
        </li>
        <li>
          <Link to="/admin/cycles">{t('admin.import.nextCycles')}</Link>
        </li>
      </ol>
    </section>
  );
}

/**
 * A plan file in two steps: the dry run lists every problem with its row and column, or what
 * the import would do; only then can the same file be imported.
 */
export default function ImportPage() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<PlanImportReport | null>(null);
  const [imported, setImported] = useState<PlanImportReport | null>(null);
  const [missingFile, setMissingFile] = useState(false);

  const run = async (dryRun: boolean) => {
    setMissingFile(!file);
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const report = await uploadPlanFile(file, { dryRun });
      if (dryRun) setPreview(report);
      else {
        setImported(report);
        setPreview(null);
        await queryClient.invalidateQueries();
      }
    } catch (err) {
      setError(err);
      setPreview(null);
    } finally {
      setBusy(null);
    }
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };
  const problems = fileProblemsOf(error, lang);
  const errorCount = problems.filter((p) => p.severity === 'error').length;

  return (
    <AdminLayout title={t('admin.import.title')}>
      <form onSubmit={check} noValidate className="card">
        <div className={`field${missingFile ? ' has-error' : ''}`}>
          <label htmlFor="plan-file">
            {t('admin.import.file')}
            <span className="required">{t('common.required')}</span>
          </label>
          <p id="plan-file-hint" className="hint">
            {t('admin.import.fileHint')}
          </p>
          <input
            id="plan-file"
            type="file"
            aria-describedby={missingFile ? 'plan-file-hint plan-file-error' : 'plan-file-hint'}
            aria-invalid={missingFile}
            accept=".csv,.tsv,.txt,.json,.xlsx,text/csv,text/tab-separated-values,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissingFile(false);
              setPreview(null);
              setImported(null);
              setError(null);
            }}
          />
          {missingFile && (
            <p id="plan-file-error" className="field-error" data-field-error="file">
              {t('admin.import.chooseFirst')}
            </p>
          )}
        </div>
        <button type="submit" disabled={busy !== null} data-write="import-check">
          {busy === 'check' ? t('admin.import.checking') : t('admin.import.preview')}
        </button>
      </form>
      {imported && (
        <FormMessage error={null} success={t('admin.import.imported', { title: imported.planTitle })} />
      )}
      {error !== null && (
        <section aria-labelledby="import-problems-title" className="card">
          <FormMessage error={summaryOf(error, lang)} />
          {problems.length > 0 && (
            <>
              <h2 id="import-problems-title">{t('admin.import.problems', { n: errorCount })}</h2>
              <ProblemTable problems={problems} />
            </>
          )}
        </section>
      )}
      {preview && (
        <section aria-labelledby="import-preview-title" className="card">
          <h2 id="import-preview-title">{t('admin.import.ok')}</h2>
          <ReportView report={preview} />
          <button type="button" onClick={() => void run(false)} disabled={busy !== null} data-write="import">
            {busy === 'import' ? t('admin.import.importing') : t('admin.import.import')}
          </button>
        </section>
      )}
      {imported && (
        <>
          <ReportView report={imported} done />
          <NextSteps report={imported} />
        </>
      )}
    </AdminLayout>
  );
}
