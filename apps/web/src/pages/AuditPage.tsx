import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, download, unwrap } from '../api/client';
import { useItems } from '../api/queries';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatDateTime, formatFiscalYear } from '../lib/format';
import { useWorkingYear } from '../lib/use-working-year';
import { Link } from '../router';
import { ITEM_COLUMNS, TableHead } from '../tables';
import { FilterSelect, FormMessage, PageTitle, QueryView, StageBadge, StatusBadge } from '../ui';

/**
 * Saves what the API sent, through a temporary link, under the name the server gave it (download() returns a File named by
 * Content-Disposition); `name` is only for a file the server did not name.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = blob instanceof File && blob.name ? blob.name : name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButton({ query, label, name }: { query: string; label: string; name: string }) {
  const { lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          setError(null);
          try {
            saveBlob(await download(`/api/v1/audit/log?format=csv&lang=${lang}${query}`), name);
          } catch (err) {
            setError(err);
          }
        }}
      >
        {label}
      </button>
      <FormMessage error={summaryOf(error, lang)} />
    </>
  );
}

/**
 * The ledger's verification and every item's history. The list opens on the year people work in
 * (this fiscal year); 「すべて」 shows each item's latest cycle, whatever its year. Each row says its
 * 年度, and with several plans which plan it belongs to.
 */
export default function AuditPage() {
  const { t, lang } = useI18n();
  const working = useWorkingYear();
  // undefined: not chosen (the working year); '': every item with its latest cycle.
  const [fy, setFy] = useState<number | '' | undefined>(undefined);
  const shownYear = fy === undefined ? working.year : fy || undefined;
  const items = useItems(shownYear);
  const verify = useMutation({ mutationFn: () => unwrap(api.GET('/api/v1/audit/verify')) });
  return (
    <section>
      <PageTitle>{t('audit.title')}</PageTitle>
      <section className="card" aria-labelledby="verify-title">
        <h2 id="verify-title">{t('audit.verify')}</h2>
        <div className="actions">
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {t('audit.verifyRun')}
          </button>
          <ExportButton query="" label={t('audit.export')} name="audit-ledger.csv" />
        </div>
        <FormMessage error={summaryOf(verify.error, lang)} />
        {verify.data && (
          <p
            role="status"
            className={`alert ${verify.data.ok ? 'success' : 'error'}`}
            data-testid="verify-result"
          >
            {verify.data.ok
              ? t('audit.verifyOk', { n: verify.data.entries, seq: verify.data.lastSeq })
              : t('audit.verifyBroken', {
                  seq: verify.data.firstBrokenSeq,
                  reason: lang === 'ja' ? verify.data.messageJa : verify.data.messageEn,
                })}{' '}
            <small>{formatDateTime(verify.data.verifiedAt, lang)}</small>
          </p>
        )}
      </section>
      <h2>{t('audit.items')}</h2>
      <div className="filters">
        <FilterSelect
          label={t('common.fiscalYear')}
          value={fy === undefined ? (working.year ?? '') : fy}
          options={working.years}
          optionLabel={(y) => formatFiscalYear(y, lang)}
          all
          onChange={(v) => setFy(v ? Number(v) : '')}
        />
      </div>
      {fy === undefined && working.loading ? (
        <p aria-live="polite">{t('common.loading')}</p>
      ) : (
        <QueryView query={items}>
          {(rows) => {
            const manyPlans = new Set(rows.map((i) => i.planId)).size > 1;
            const [code, item, group, stage, status] = ITEM_COLUMNS.map((key) => t(key));
            const [plan, year] = [t('board.plan'), t('common.fiscalYear')];
            return (
              <table className="data-table cards" data-testid="audit-items">
                <TableHead columns={[code, item, manyPlans && plan, group, stage, status, year]} />
                <tbody>
                  {rows.map((i) => (
                    <tr key={i.id}>
                      <td data-label={code}>{i.code}</td>
                      <td data-label={item}>
                        <Link to={`/audit/items/${i.id}`}>{i.title}</Link>
                      </td>
                      {manyPlans && <td data-label={plan}>{i.planTitle}</td>}
                      <td data-label={group}>{i.workingGroup?.name ?? '—'}</td>
                      <td data-label={stage}>
                        {i.currentCycle && <StageBadge stage={i.currentCycle.stage} />}
                      </td>
                      <td data-label={status}>
                        {i.currentCycle && <StatusBadge status={i.currentCycle.status} />}
                      </td>
                      <td data-label={year} className="nowrap">
                        {i.currentCycle ? formatFiscalYear(i.currentCycle.fiscalYear, lang) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}
