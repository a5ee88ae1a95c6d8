import { compareItemCodes, fileSafeCode, policySheetFileOf, sheetFileOf } from '@pdca/domain/edition-files';
import { useState } from 'react';
import { download } from '../api/client';
import { EDITION_READERS, type EditionFile, type PlanEdition } from '../api/editions';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Link } from '../router';
import { FormMessage } from '../ui';
import { saveBlob } from './AuditPage';

/** An item's title by the code part of its sheet files' names (`1-2` → 窓口のデジタル化). */
export type SheetTitles = ReadonlyMap<string, string>;

/** The plan's items by the code their 評価シート files are named with (the API's fileSafeCode). */
export function sheetTitles(items: readonly { code: string; title: string }[]): SheetTitles {
  return new Map(items.map((item, index) => [fileSafeCode(item.code, index), item.title]));
}

/** The files named `<prefix>-<code>.…` that `fileOf` recognises, in the plan's code order. */
function sheetsOf(files: readonly EditionFile[], fileOf: typeof sheetFileOf): EditionFile[] {
  return files
    .filter((f) => fileOf(f.name))
    .sort((a, b) => compareItemCodes(fileOf(a.name)!.code, fileOf(b.name)!.code));
}

/** An edition: when, who and why, then its files in words; the sheets fold, in the plan's code order. */
export function EditionCard({
  edition,
  titles,
  nodeTitles = new Map(),
}: {
  edition: PlanEdition;
  titles: SheetTitles;
  /** The evaluated nodes' titles by the code their 施策評価シート files are named with (#24). */
  nodeTitles?: SheetTitles;
}) {
  const { t, lang, l } = useI18n();
  const titleId = `edition-${edition.id}`;
  // The table's files first; one sheet per item in html and xlsx can make hundreds, so they fold.
  const sheets = sheetsOf(edition.files, sheetFileOf);
  const policySheets = sheetsOf(edition.files, policySheetFileOf);
  const tables = edition.files.filter((f) => !sheetFileOf(f.name) && !policySheetFileOf(f.name));
  const label = useFileLabel(titles, nodeTitles);
  return (
    <article className="card edition" aria-labelledby={titleId} data-testid="edition">
      <h2 id={titleId}>
        {t('editions.heading', { fy: l(edition.fiscalYearLabel), edition: l(edition.editionLabel) })}
        <span className="edition-title">{edition.title}</span>
      </h2>
      <dl className="edition-facts">
        <div>
          <dt>{t('editions.publishedAt')}</dt>
          <dd>{formatDateTime(edition.publishedAt, lang)}</dd>
        </div>
        {edition.publishedBy && (
          <div>
            <dt>{t('editions.publishedBy')}</dt>
            <dd>{edition.publishedBy.displayName}</dd>
          </div>
        )}
        <div>
          <dt>{t('editions.reason')}</dt>
          <dd className="why">{edition.reason}</dd>
        </div>
        {edition.supersedes && (
          <div>
            <dt>{t('editions.supersedes')}</dt>
            <dd>
              <a href={`#edition-${edition.supersedes.id}`}>
                {t('editions.supersedesValue', {
                  edition:
                    lang === 'ja'
                      ? `第${edition.supersedes.editionNumber}版`
                      : `Edition ${edition.supersedes.editionNumber}`,
                })}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <h3>{t('editions.files')}</h3>
      <ul className="edition-files">
        {tables.map((file) => (
          <FileRow key={file.name} file={file} label={label(file.name)} />
        ))}
      </ul>
      {policySheets.length > 0 && (
        <details className="edition-sheets">
          <summary>{t('editions.policySheets', { count: policySheets.length / 2 })}</summary>
          <ul className="edition-files">
            {policySheets.map((file) => (
              <FileRow key={file.name} file={file} label={label(file.name)} />
            ))}
          </ul>
        </details>
      )}
      {sheets.length > 0 && (
        <details className="edition-sheets">
          <summary>{t('editions.sheets', { count: sheets.length / 2 })}</summary>
          <ul className="edition-files">
            {sheets.map((file) => (
              <FileRow key={file.name} file={file} label={label(file.name)} />
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

/** Bytes as people read them: 12.3 KB, 1.2 MB. */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A file's name in words: 進捗管理表（Excel）, 評価シート 1-2 窓口のデジタル化（印刷用）, 施策評価シート 1-A 行政のデジタル化（印刷用）. */
function useFileLabel(titles: SheetTitles, nodeTitles: SheetTitles) {
  const { t } = useI18n();
  return (name: string): string => {
    const ext = name.slice(name.lastIndexOf('.') + 1) as 'xlsx' | 'csv' | 'html';
    const format = t(`editions.formats.${ext}`) ?? ext;
    const sheet = sheetFileOf(name);
    if (sheet) {
      const title = titles.get(sheet.code);
      return t('editions.sheet', { code: title ? `${sheet.code} ${title}` : sheet.code, format });
    }
    const policySheet = policySheetFileOf(name);
    if (policySheet) {
      const title = nodeTitles.get(policySheet.code);
      const code = title ? `${policySheet.code} ${title}` : policySheet.code;
      return t('editions.policySheet', { code, format });
    }
    if (name.startsWith('progress-report.')) return t('editions.progressReport', { format });
    return name;
  };
}

/** One file: its name in words (the stored name small, for whoever compares with the ledger), size, SHA-256. */
function FileRow({ file, label }: { file: EditionFile; label: string }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const get = async () => {
    setError(null);
    try {
      // Saved under the server's name (…_令和8年度（2026年度）_第1版_進捗管理表（公表用）.xlsx), so editions never collide.
      saveBlob(await download(file.href), file.name);
    } catch (err) {
      setError(err);
    }
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(file.sha256);
    setCopied(true);
  };
  return (
    <li className="edition-file" data-testid="edition-file">
      <span className="file-name">{label}</span>
      <code className="file-code">{file.name}</code>
      <span className="file-size">
        {t('editions.size')} {formatSize(file.size)}
      </span>
      <span className="file-hash">
        {t('editions.sha256')}{' '}
        <code title={t('editions.sha256Full', { hash: file.sha256 })} data-sha256={file.sha256}>
          {file.sha256.slice(0, 12)}…
        </code>
      </span>
      <span className="actions">
        <button type="button" onClick={get} aria-label={t('editions.download', { name: label })}>
          {t('editions.downloadButton')}
        </button>
        <button type="button" className="secondary" onClick={copy} aria-label={t('editions.copy')}>
          {copied ? t('editions.copied') : t('editions.copy')}
        </button>
      </span>
      <FormMessage error={summaryOf(error, lang)} />
    </li>
  );
}

/**
 * The board's way to a plan's 公表版, for the roles that read them, saying that the board's own
 * 「公表用（Excel）」 is made from today's figures (not the frozen, published files).
 */
export function EditionsLink({ planId }: { planId: string }) {
  const { t } = useI18n();
  const { has } = useAuth();
  if (!has(...EDITION_READERS)) return null;
  return (
    <p className="editions-link" data-testid="board-editions-link">
      <Link to={`/plans/${planId}/editions`}>{t('editions.boardLink')}</Link>
      <span className="hint">{t('editions.liveHint')}</span>
    </p>
  );
}
