import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, download, unwrap } from '../api/client';
import { useItems } from '../api/queries';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Link } from '../router';
import { ITEM_COLUMNS, TableHead } from '../tables';
import { FormMessage, PageTitle, QueryView, StageBadge, StatusBadge } from '../ui';

/** Saves what the API sent under a file name, through a temporary link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
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

export default function AuditPage() {
  const { t, lang } = useI18n();
  const items = useItems(undefined);
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
      <QueryView query={items}>
        {(rows) => (
          <table className="data-table">
            <TableHead columns={[...ITEM_COLUMNS.map((key) => t(key))]} />
            <tbody>
              {rows.map((i) => (
                <tr key={i.id}>
                  <td>{i.code}</td>
                  <td>
                    <Link to={`/audit/items/${i.id}`}>{i.title}</Link>
                  </td>
                  <td>{i.workingGroup?.name ?? '—'}</td>
                  <td>{i.currentCycle && <StageBadge stage={i.currentCycle.stage} />}</td>
                  <td>{i.currentCycle && <StatusBadge status={i.currentCycle.status} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
