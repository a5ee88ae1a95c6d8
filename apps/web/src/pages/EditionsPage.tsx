import { eraOfFiscalYear, reportFiscalYear } from '@pdca/domain/glossary';
import { validatePlanEdition } from '@pdca/domain/validation';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { EDITION_READERS, type PlanEdition, publishEdition, useEditions } from '../api/editions';
import { type PlanNode, type PlanTree, usePlanTree } from '../api/plans';
import { useAuth } from '../auth';
import { summaryOf } from '../forms/field-errors';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { BackLink, Choice, ConfirmBox, Field, FormMessage, PageTitle, QueryView } from '../ui';
import { EditionCard, sheetTitles } from './EditionCard';

/**
 * 公表版 of a plan (#23): the editions HQ froze, each with its files' sizes and SHA-256 (what an
 * auditor compares a download with) and the download; HQ's administrator freezes a year here,
 * after a confirmation that says an edition can never be changed. Other roles are told who reads
 * them instead of a failed load.
 */
export default function EditionsPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const { has } = useAuth();
  const mayRead = has(...EDITION_READERS);
  const plan = usePlanTree(planId);
  const editions = useEditions(planId, mayRead);
  return (
    <section className="editions-page">
      <BackLink to={`/plans/${planId}`} />
      <PageTitle>{t('editions.title')}</PageTitle>
      <QueryView query={plan}>
        {(p) => (
          <>
            <p className="plan-name">{p.title}</p>
            <p className="hint">{t('editions.intro')}</p>
            {!mayRead ? (
              <p className="alert info" role="status" data-testid="editions-not-for-role">
                {t('editions.notForRole')}
              </p>
            ) : (
              <>
                {has('hq_admin') && editions.data && <FreezeForm plan={p} editions={editions.data} />}
                <EditionList editions={editions} plan={p} />
              </>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The editions, newest first; a refusal (403) says so in the page's language, not 「読み込めませんでした」. */
function EditionList({ editions, plan }: { editions: ReturnType<typeof useEditions>; plan: PlanTree }) {
  const { t, lang } = useI18n();
  if (editions.error instanceof ApiError && editions.error.status === 403)
    return (
      <div className="alert info" role="status" data-testid="editions-not-for-role">
        <p>{t('editions.notForRole')}</p>
        <p>{summaryOf(editions.error, lang)}</p>
      </div>
    );
  const titles = sheetTitles(itemsOf(plan));
  const nodeTitles = sheetTitles(nodesOf(plan.nodes));
  return (
    <QueryView query={editions}>
      {(list) =>
        list.length === 0 ? (
          <p>{t('editions.none')}</p>
        ) : (
          <ol className="edition-list" data-testid="edition-list">
            {list.map((edition) => (
              <li key={edition.id}>
                <EditionCard edition={edition} titles={titles} nodeTitles={nodeTitles} />
              </li>
            ))}
          </ol>
        )
      }
    </QueryView>
  );
}

/** Every item of the tree, under whichever node (an item listed twice counts twice: harmless here). */
/** Every node of the plan, top down (their 施策評価シート files are named by their codes). */
function nodesOf(nodes: readonly PlanNode[]): PlanNode[] {
  return nodes.flatMap((node) => [node, ...nodesOf(node.children)]);
}

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
  // Problems are said in the form's words (作成の理由, 表題), whether found here or by the server.
  const labels = new Map([
    ['fiscalYear', t('editions.fiscalYear')],
    ['title', t('editions.titleLabel')],
    ['reason', t('editions.reasonName')],
  ]);
  const sub = useSubmission(
    (body: { fiscalYear: number; title: string; reason: string }) => publishEdition(plan.id, body),
    ['fiscalYear', 'title', 'reason'],
    { labels, check: validatePlanEdition },
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
          const body = { fiscalYear, title: shownTitle, reason };
          // A problem is shown next to its field without a request (the check runs in submit);
          // a clean form clears the last errors before the confirmation.
          if (validatePlanEdition(body).length > 0) return sub.submit(body);
          sub.reset();
          setConfirming(true);
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
