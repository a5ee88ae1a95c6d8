import { SUBMISSION_KIND_LABELS } from '@pdca/domain/stages';
import type { Cycle } from '../api/queries';
import { useCycle, useItem } from '../api/queries';
import { useI18n } from '../i18n';
import { changedFields } from '../lib/compare-rounds';
import { formatDateTime, punct } from '../lib/format';
import { Link } from '../router';
import { PageTitle, QueryView } from '../ui';
import { PayloadView } from './PayloadView';
import { RoundDecision } from './RoundRecord';
import { CycleHeader } from './TaskPage';

type Approval = Cycle['approvals'][number];

/** A round of one submission kind: its approval steps (the first carries what was sent). */
interface Round {
  round: number;
  steps: Approval[];
}

/** The task's rounds, oldest first: the approvals of its kind grouped by round. */
export function roundsOf(cycle: Cycle, kind: string): Round[] {
  const byRound = new Map<number, Approval[]>();
  for (const approval of cycle.approvals) {
    if (approval.submissionKind !== kind) continue;
    byRound.set(approval.round, [...(byRound.get(approval.round) ?? []), approval]);
  }
  return [...byRound]
    .sort(([a], [b]) => a - b)
    .map(([round, steps]) => ({ round, steps: steps.sort((a, b) => a.stepIndex - b.stepIndex) }));
}

/**
 * What the leader submitted for a task, read-only: each round with what was sent (changes since
 * the round before marked), the answer to the return, and each approval step's decision (who,
 * when, comment).
 */
export default function SubmissionPage({ cycleId, taskId }: { cycleId: string; taskId: string }) {
  const { t, l, lang } = useI18n();
  const cycle = useCycle(cycleId);
  const item = useItem(cycle.data?.itemId);
  return (
    <section>
      <p>
        <Link to={`/cycles/${cycleId}/tasks/${taskId}`}>← {t('feedback.backToTask')}</Link>
      </p>
      <QueryView query={cycle}>
        {(c) => {
          const task = c.tasks.find((x) => x.id === taskId);
          if (!task) return <p>{t('errors.notFound')}</p>;
          const rounds = roundsOf(c, task.kind);
          // A periodic review has no approval: what was sent is read from the cycle's reviews.
          const reviews = c.reviews.filter((r) => r.taskId === task.id);
          return (
            <>
              <PageTitle>
                {c.itemCode} {c.itemTitle}
              </PageTitle>
              {item.data && <CycleHeader cycle={c} item={item.data} />}
              <h2>
                {t('feedback.viewTitle', {
                  // A review by its period (進捗報告（2027年度 第1四半期）), the others by their kind.
                  kind: task.kind === 'review' ? l(task.title) : l(SUBMISSION_KIND_LABELS[task.kind]),
                })}
              </h2>
              {rounds.length === 0 && reviews.length === 0 && <p>{t('feedback.none')}</p>}
              {reviews.map((review) => (
                <section key={review.submittedAt} className="card" data-testid="review-submission">
                  <p className="meta">
                    {t('feedback.submitter')}
                    {punct(lang).colon}
                    {review.submittedByName ?? '—'}
                    {punct(lang).gap}
                    {t('approvals.submittedAt')}
                    {punct(lang).colon}
                    <span className="nowrap">{formatDateTime(review.submittedAt, lang)}</span>
                  </p>
                  <PayloadView payload={review.payload} item={item.data} />
                  <p className="hint">{t('feedback.reviewRecorded')}</p>
                </section>
              ))}
              <ol className="round-history plain" data-testid="submission-rounds">
                {[...rounds].reverse().map(({ round, steps }, i, newestFirst) => {
                  const first = steps[0]!;
                  const before = newestFirst[i + 1]?.steps[0];
                  const answer =
                    first.payload && 'returnAnswer' in first.payload ? first.payload.returnAnswer : undefined;
                  return (
                    <li key={round} className="card" data-testid={`round-${round}`}>
                      <h3>{t('feedback.roundTitle', { n: round })}</h3>
                      <p className="meta">
                        {t('feedback.submitter')}
                        {punct(lang).colon}
                        {first.submittedByName ?? '—'}
                        {punct(lang).gap}
                        {t('approvals.submittedAt')}
                        {punct(lang).colon}
                        <span className="nowrap">{formatDateTime(first.submittedAt, lang)}</span>
                      </p>
                      {answer && (
                        <div className="return-exchange" data-testid="own-return-answer">
                          <h4>{t('feedback.returnAnswer')}</h4>
                          <blockquote>{answer}</blockquote>
                        </div>
                      )}
                      <PayloadView
                        payload={first.payload}
                        item={item.data}
                        changes={before ? changedFields(first.payload, before.payload) : undefined}
                      />
                      <h4>{t('feedback.decisions')}</h4>
                      {steps.map((step) => (
                        <RoundDecision key={step.id} approval={step} />
                      ))}
                    </li>
                  );
                })}
              </ol>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
