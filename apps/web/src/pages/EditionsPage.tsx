import { eraOfFiscalYear, reportFiscalYear } from '@pdca/domain/glossary';
import { useState } from 'react';
import { download } from '../api/client';
import { type EditionFile, type PlanEdition, publishEdition, useEditions } from '../api/editions';
import { type PlanNode, type PlanTree, usePlanTree } from '../api/plans';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { BackLink, Choice, ConfirmBox, Field, FormMessage, PageTitle, QueryView } from '../ui';
import { saveBlob } from './AuditPage';

/**
 * 公表版 of a plan (#23): the editions HQ froze, each with its files' sizes and SHA-256 (what an
 * auditor compares a download with) and the download; HQ's administrator freezes a year here,
 * after a confirmation that says an edition can never be changed.
 */
export default function EditionsPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const { has } = useAuth();
  const plan = usePlanTree(planId);
  const editions = useEditions(planId);
  return (
    <section className="editions-page">
      <BackLink to={`/plans/${planId}`} />
      <PageTitle>{t('editions.title')}</PageTitle>
      <QueryView query={plan}>
        {(p) => (
          <>
            <p className="plan-name">{p.title}</p>
            <p className="hint">{t('editions.intro')}</p>
            {has('hq_admin') && editions.data && <FreezeForm plan={p} editions={editions.data} />}
          </>
        )}
      </QueryView>
      <QueryView query={editions}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('editions.none')}</p>
          ) : (
            <ol className="edition-list" data-testid="edition-list">
              {list.map((edition) => (
                <li key={edition.id}>
                  <EditionCard edition={edition} />
                </li>
              ))}
            </ol>
          )
        }
      </QueryView>
    </section>
  );
}

function EditionCard({ edition }: { edition: PlanEdition }) {
  const { t, lang, l } = useI18n();
  const titleId = `edition-${edition.id}`;
  // The table's files first; one sheet per item in html and xlsx can make hundreds, so they fold.
  const sheets = edition.files.filter((f) => f.name.startsWith('evaluation-sheet-'));
  const tables = edition.files.filter((f) => !sheets.includes(f));
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
          <FileRow key={file.name} file={file} />
        ))}
      </ul>
      {sheets.length > 0 && (
        <details className="edition-sheets">
          <summary>{t('editions.sheets', { count: sheets.length / 2 })}</summary>
          <ul className="edition-files">
            {sheets.map((file) => (
              <FileRow key={file.name} file={file} />
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

/** A file's name in words: 進捗管理表（Excel）, 評価シート 1-2（印刷用HTML）. */
function useFileLabel() {
  const { t } = useI18n();
  return (name: string): string => {
    const ext = name.slice(name.lastIndexOf('.') + 1) as 'xlsx' | 'csv' | 'html';
    const format = t(`editions.formats.${ext}`) ?? ext;
    const sheet = /^evaluation-sheet-(.+)\.\w+$/.exec(name);
    if (sheet) return t('editions.sheet', { code: sheet[1]!, format });
    if (name.startsWith('progress-report.')) return t('editions.progressReport', { format });
    return name;
  };
}

function FileRow({ file }: { file: EditionFile }) {
  const { t, lang } = useI18n();
  const label = useFileLabel()(file.name);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const get = async () => {
    setError(null);
    try {
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

/** Every item of the tree, under whichever node (an item listed twice counts twice: harmless here). */
function itemsOf(plan: PlanTree) {
  const under = (node: PlanNode): PlanTree['unassignedItems'] => [
    ...node.items,
    ...node.children.flatMap(under),
  ];
  return [...plan.unassignedItems, ...plan.nodes.flatMap(under)];
}

/** The plan period's years; a plan without one offers the years its items have cycles in. */
function yearsOf(plan: PlanTree): { years: number[]; latest: number } {
  const cycled = itemsOf(plan).flatMap((i) => (i.currentCycle ? [i.currentCycle.fiscalYear] : []));
  const from = plan.periodStartFy ?? Math.min(...cycled, new Date().getFullYear());
  const to = plan.periodEndFy ?? Math.max(...cycled, from);
  const years = Array.from({ length: Math.max(1, to - from + 1) }, (_, n) => from + n);
  const latest = cycled.length > 0 ? Math.max(...cycled) : years[0]!;
  return { years, latest: years.includes(latest) ? latest : years[0]! };
}

const defaultTitle = (t: ReturnType<typeof useI18n>['t'], fy: number) =>
  t('editions.titleDefault', { era: eraOfFiscalYear(fy).ja });

/**
 * HQ freezes a year: the year (the latest with cycles first), a title that follows the year until
 * edited, the required reason, then a confirmation naming the edition it will make.
 */
function FreezeForm({ plan, editions }: { plan: PlanTree; editions: readonly PlanEdition[] }) {
  const { t, lang } = useI18n();
  const { years, latest } = yearsOf(plan);
  const [fiscalYear, setFiscalYear] = useState(latest);
  const [title, setTitle] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const sub = useSubmission(
    (body: { fiscalYear: number; title: string; reason: string }) => publishEdition(plan.id, body),
    ['fiscalYear', 'title', 'reason'],
  );
  const shownTitle = title ?? defaultTitle(t, fiscalYear);
  const next =
    Math.max(0, ...editions.filter((e) => e.fiscalYear === fiscalYear).map((e) => e.editionNumber)) + 1;
  const nextLabel = lang === 'ja' ? `第${next}版` : `Edition ${next}`;
  const send = () => {
    setConfirming(false);
    sub.submit({ fiscalYear, title: shownTitle, reason });
  };
  const result = sub.data;
  const success = result
    ? t(result.created ? 'editions.created' : 'editions.repeated', {
        edition: lang === 'ja' ? result.editionLabel.ja : result.editionLabel.en,
      })
    : undefined;
  return (
    <>
      <form
        className="card"
        aria-labelledby="freeze-edition-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // Empty fields go straight to the server, whose 400 names them.
          if (reason.trim() && shownTitle.trim()) setConfirming(true);
          else send();
        }}
      >
        <h2 id="freeze-edition-title">{t('editions.freezeTitle')}</h2>
        <p className="hint">{t('editions.freezeHint')}</p>
        <FormMessage error={sub.summary} extra={sub.unshown} success={sub.done ? success : undefined} />
        <Field
          id="edition-fiscal-year"
          label={t('editions.fiscalYear')}
          error={sub.errors.get('fiscalYear')}
          required
        >
          {(aria) => (
            <Choice
              aria={aria}
              value={fiscalYear}
              options={years.map((fy) => ({ value: fy, label: reportFiscalYear(fy)[lang] }))}
              onChange={(v) => setFiscalYear(Number(v))}
            />
          )}
        </Field>
        <Field id="edition-title" label={t('editions.titleLabel')} error={sub.errors.get('title')} required>
          {(aria) => (
            <input {...aria} type="text" value={shownTitle} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field
          id="edition-reason"
          label={t('editions.reasonLabel')}
          error={sub.errors.get('reason')}
          required
        >
          {(aria) => (
            <textarea {...aria} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <button type="submit" disabled={sub.busy} data-write="freeze-edition">
          {t('editions.submit')}
        </button>
      </form>
      {confirming && (
        <ConfirmBox
          question={t('editions.confirm', { fy: reportFiscalYear(fiscalYear)[lang], edition: nextLabel })}
          yes={t('editions.confirmYes')}
          no={t('editions.confirmNo')}
          onYes={send}
          onNo={() => setConfirming(false)}
          write="freeze-edition"
        />
      )}
    </>
  );
}
