import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { uploadFinanceFile } from '../api/budgets';
import { ApiError } from '../api/client';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatFiscalYear } from '../lib/format';
import { TableHead } from '../tables';
import { BackLink, Field, FormMessage, PageTitle } from '../ui';

/**
 * 財政課ファイルの取込 (#26): the finance system's file (CSV or .xlsx) of 査定額 / 当初予算額 for a
 * budget year. A refused file lists every problem by row and column; nothing was written then.
 */
export default function FinanceImportPage() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [fy, setFy] = useState(thisYear + 1);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFinanceFile(fy, chosen),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    if (file) upload.mutate(file);
  };
  const details =
    upload.error instanceof ApiError
      ? (upload.error.body?.details ?? []).filter((d) => d.row !== undefined)
      : [];
  return (
    <section>
      <BackLink to="/budget-status" />
      <PageTitle>{t('budgetChain.importTitle')}</PageTitle>
      <p className="hint">{t('budgetChain.importHint')}</p>
      <form className="card" onSubmit={onSubmit} noValidate>
        <Field id="finance-year" label={t('budgetChain.year')}>
          {(aria) => (
            <select {...aria} value={fy} onChange={(e) => setFy(Number(e.target.value))}>
              {[thisYear, thisYear + 1, thisYear + 2].map((y) => (
                <option key={y} value={y}>
                  {formatFiscalYear(y, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="finance-file" label={t('budgetChain.file')} required>
          {(aria) => (
            <input
              {...aria}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={!file || upload.isPending}>
            {upload.isPending ? t('common.submitting') : t('budgetChain.importSubmit')}
          </button>
        </div>
        <FormMessage
          error={summaryOf(upload.error, lang)}
          success={upload.data ? t('budgetChain.imported', { ...upload.data }) : undefined}
        />
      </form>
      {details.length > 0 && (
        <>
          <h2>{t('budgetChain.problems')}</h2>
          <table className="data-table cards" data-testid="finance-problems">
            <TableHead columns={[t('budgetChain.row'), t('budgetChain.column'), t('budgetChain.problem')]} />
            <tbody>
              {details.map((d) => (
                <tr key={`${d.row}-${d.field}-${d.rule}`}>
                  <td data-label={t('budgetChain.row')}>{d.row ?? '—'}</td>
                  <td data-label={t('budgetChain.column')}>{d.column ?? '—'}</td>
                  <td data-label={t('budgetChain.problem')}>{lang === 'ja' ? d.messageJa : d.messageEn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
