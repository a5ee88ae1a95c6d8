import { useId, useState } from 'react';
import { download } from '../api/client';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatFiscalYear } from '../lib/format';
import { FormMessage } from '../ui';
import { saveBlob } from './AuditPage';

/**
 * Whether the signed-in user may export an item's 評価シート: HQ, admins and auditors for every
 * item, a WG leader for the items of the group they lead (the API answers 403 otherwise).
 */
export function useMayExportSheet(leaderUserId: string | null | undefined): boolean {
  const { has, user } = useAuth();
  return has('hq_approver', 'hq_admin', 'admin', 'auditor') || (!!user && leaderUserId === user.id);
}

/**
 * 「評価シート」 of an item: the print version (HTML) opens in a new tab — fetched with the session's
 * token, so it is shown from a blob — and the Excel file downloads. A year choice when the item has
 * several, and 公表用 (no personal names).
 */
export function EvaluationSheetLinks({
  itemId,
  itemCode,
  years,
}: {
  itemId: string;
  itemCode: string;
  /** The fiscal years to offer, oldest first; the latest is chosen first. */
  years: readonly number[];
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [publication, setPublication] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fiscalYear = year ?? years.at(-1);
  if (fiscalYear === undefined) return null;
  const url = (format: 'html' | 'xlsx') =>
    `/api/v1/items/${encodeURIComponent(itemId)}/evaluation-sheet?fiscalYear=${fiscalYear}&format=${format}&lang=${lang}${publication ? '&publication=true' : ''}`;

  const openPrint = async () => {
    setError(null);
    // Opened before the fetch, while the click still counts as the user's (no pop-up blocker).
    const tab = window.open('', '_blank');
    try {
      const blob = await download(url('html'));
      const href = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
      if (tab) tab.location.href = href;
      else window.location.assign(href);
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch (err) {
      tab?.close();
      setError(err);
    }
  };
  const getExcel = async () => {
    setError(null);
    try {
      const name =
        lang === 'en'
          ? `evaluation-sheet_${itemCode}_FY${fiscalYear}${publication ? '_public' : ''}`
          : `評価シート_${itemCode}_${fiscalYear}年度${publication ? '_公表用' : ''}`;
      saveBlob(await download(url('xlsx')), `${name}.xlsx`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`} data-testid="evaluation-sheet">
      <h2 id={`${ids}-title`}>{t('evaluationSheet.title')}</h2>
      <div className="actions">
        {years.length > 1 && (
          <label>
            {t('evaluationSheet.year')}{' '}
            <select value={fiscalYear} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {formatFiscalYear(y, lang)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={publication} onChange={(e) => setPublication(e.target.checked)} />{' '}
          {t('evaluationSheet.publication')}
        </label>
      </div>
      <div className="actions">
        <button type="button" onClick={openPrint}>
          {t('evaluationSheet.print')}
        </button>
        <button type="button" className="secondary" onClick={getExcel}>
          {t('evaluationSheet.excel')}
        </button>
      </div>
      <p className="hint">{t('evaluationSheet.hint')}</p>
      <FormMessage error={summaryOf(error, lang)} />
    </section>
  );
}
