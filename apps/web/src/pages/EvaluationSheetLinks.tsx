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
  return useSheetExportRule()(leaderUserId);
}

/** The same rule for a list of items (one hook call, asked per item by its group's leader). */
export function useSheetExportRule(): (leaderUserId: string | null | undefined) => boolean {
  const { has, user } = useAuth();
  const readsAll = has('hq_approver', 'hq_admin', 'admin', 'auditor');
  return (leaderUserId) => readsAll || (!!user && !!leaderUserId && leaderUserId === user.id);
}

/** Which sheet: an item's 評価シート, or a node's 施策評価シート (#24), with its words and file name. */
export interface SheetTarget {
  /** The endpoint, without its query. */
  readonly path: string;
  readonly code: string;
  /** The messages' section with its title, print and excel words. */
  readonly words: 'evaluationSheet' | 'policySheet' | 'extReview.report';
  readonly file: { readonly ja: string; readonly en: string };
  /** A document of one fiscal year by itself (the 外部評価報告書): its URL names no year. */
  readonly yearless?: boolean;
}

const itemSheet = (itemId: string, itemCode: string): SheetTarget => ({
  path: `/api/v1/items/${encodeURIComponent(itemId)}/evaluation-sheet`,
  code: itemCode,
  words: 'evaluationSheet',
  file: { ja: '評価シート', en: 'evaluation-sheet' },
});

/** A node's 施策評価シート (HQ, auditors and the node's 担当部長 may export it). */
export const policySheet = (nodeId: string, nodeCode: string): SheetTarget => ({
  path: `/api/v1/plan-nodes/${encodeURIComponent(nodeId)}/policy-evaluation-sheet`,
  code: nodeCode,
  words: 'policySheet',
  file: { ja: '施策評価シート', en: 'policy-evaluation-sheet' },
});

/** A review round's 外部評価報告書 (#25): HQ, admins, auditors and the round's members may export it. */
export const externalReviewReport = (reviewId: string, title: string): SheetTarget => ({
  path: `/api/v1/external-reviews/${encodeURIComponent(reviewId)}/report`,
  code: title,
  words: 'extReview.report',
  file: { ja: '外部評価報告書', en: 'external-review-report' },
  yearless: true,
});

/** The sheet's URL for a year, in the page's language. */
function sheetUrl(
  target: SheetTarget,
  fiscalYear: number,
  format: 'html' | 'xlsx',
  lang: string,
  publication: boolean,
) {
  const year = target.yearless ? '' : `fiscalYear=${fiscalYear}&`;
  return `${target.path}?${year}format=${format}&lang=${lang}${publication ? '&publication=true' : ''}`;
}

/**
 * Opening and downloading an item's sheet. The print version (HTML) opens in a new tab, shown from
 * a blob since it is fetched with the session's token; the Excel file downloads.
 */
function useSheetFiles(target: SheetTarget) {
  const { lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const openPrint = async (fiscalYear: number, publication: boolean) => {
    setError(null);
    // Opened before the fetch, while the click still counts as the user's (no pop-up blocker).
    const tab = window.open('', '_blank');
    try {
      const blob = await download(sheetUrl(target, fiscalYear, 'html', lang, publication));
      const href = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
      if (tab) tab.location.href = href;
      else window.location.assign(href);
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch (err) {
      tab?.close();
      setError(err);
    }
  };
  const getExcel = async (fiscalYear: number, publication: boolean) => {
    setError(null);
    try {
      const name =
        lang === 'en'
          ? `${target.file.en}_${target.code}_FY${fiscalYear}${publication ? '_public' : ''}`
          : `${target.file.ja}_${target.code}_${fiscalYear}年度${publication ? '_公表用' : ''}`;
      saveBlob(await download(sheetUrl(target, fiscalYear, 'xlsx', lang, publication)), `${name}.xlsx`);
    } catch (err) {
      setError(err);
    }
  };
  return { openPrint, getExcel, error: summaryOf(error, lang) };
}

/**
 * 「評価シート」 of an item on its page: a year choice when the item has several, 公表用 (no
 * personal names), the print version and the Excel file.
 */
export function EvaluationSheetLinks({
  itemId,
  itemCode,
  sheet,
  years,
}: {
  itemId?: string;
  itemCode?: string;
  /** Another sheet than the item's (a node's 施策評価シート). */
  sheet?: SheetTarget;
  /** The fiscal years to offer, oldest first; the latest is chosen first. */
  years: readonly number[];
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [publication, setPublication] = useState(false);
  const target = sheet ?? itemSheet(itemId ?? '', itemCode ?? '');
  const files = useSheetFiles(target);
  const fiscalYear = year ?? years.at(-1);
  if (fiscalYear === undefined) return null;
  return (
    <section className="card" aria-labelledby={`${ids}-title`} data-testid="evaluation-sheet">
      <h2 id={`${ids}-title`}>{t(`${target.words}.title`)}</h2>
      {/* Choices of what to read (year, 公表用): they write nothing, so a read-only role has them too. */}
      <div className="actions" data-read-choice>
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
        {/* .radio: a box of its own size beside its label (the global input style is for text fields). */}
        <label className="radio">
          <input type="checkbox" checked={publication} onChange={(e) => setPublication(e.target.checked)} />
          {t('evaluationSheet.publication')}
        </label>
      </div>
      <div className="actions">
        <button type="button" onClick={() => files.openPrint(fiscalYear, publication)}>
          {t(`${target.words}.print`)}
        </button>
        <button type="button" className="secondary" onClick={() => files.getExcel(fiscalYear, publication)}>
          {t(`${target.words}.excel`)}
        </button>
      </div>
      <p className="hint">{t('evaluationSheet.hint')}</p>
      <FormMessage error={files.error} />
    </section>
  );
}

/** A plan row's 「評価シート」: the print version of the item's year, in a new tab. */
export function EvaluationSheetButton({
  itemId,
  itemCode,
  itemTitle,
  fiscalYear,
}: {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  fiscalYear: number;
}) {
  const { t } = useI18n();
  const files = useSheetFiles(itemSheet(itemId, itemCode));
  return (
    <span>
      <button
        type="button"
        className="secondary small"
        aria-label={t('evaluationSheet.printOf', { item: `${itemCode} ${itemTitle}` })}
        onClick={() => files.openPrint(fiscalYear, false)}
      >
        {t('evaluationSheet.title')}
      </button>
      <FormMessage error={files.error} />
    </span>
  );
}
