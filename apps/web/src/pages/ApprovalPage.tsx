import { SUBMISSION_KIND_LABELS } from '@pdca/domain/stages';
import { useState } from 'react';
import { type Cycle, type Item, type SubmissionPayload, useCycle, useItem } from '../api/queries';
import { gradeOptions, type RatingScales, useGradeLabel, useSettings } from '../api/settings';
import { useAuth } from '../auth';
import { ApprovalDecisionForm } from '../forms/DecisionControls';
import { useI18n } from '../i18n';
import { changedFields, changedSincePrevious, valuesByIndicator } from '../lib/compare-rounds';
import { decisionOutcome } from '../lib/decision-outcome';
import { formatDateTime, punct } from '../lib/format';
import { INDICATOR_COLUMNS, TableHead } from '../tables';
import { BackLink, Choice, Field, FormMessage, PageTitle, QueryView } from '../ui';
import { CarriedResponses } from './CarriedResponses';
import { PayloadView } from './PayloadView';
import { CycleHeader } from './TaskPage';

type Approval = Cycle['approvals'][number];

/** The round's submission, else the cycle's latest of the approval's kind (no ledger entry for it). */
function payloadOf(c: Cycle, approval: Approval): SubmissionPayload | null {
  if (approval.payload) return approval.payload;
  const latest = {
    plan: c.plan,
    review: null,
    execution_report: c.executionReport,
    evaluation: c.evaluation,
    action: c.decision,
  }[approval.submissionKind];
  return latest?.payload ?? null;
}

/**
 * The item's indicators with this round's numbers beside the previous round's (when HQ returned
 * one), so what changed since the return is seen at a glance, not hunted for.
 */
function IndicatorComparison({
  item,
  fiscalYear,
  current,
  currentRound,
  previous,
  previousRound,
}: {
  item: Item;
  fiscalYear: number;
  current: SubmissionPayload | null;
  currentRound: number;
  previous: SubmissionPayload | null;
  previousRound: number | null;
}) {
  const { t, lang } = useI18n();
  const now = valuesByIndicator(current);
  const before = valuesByIndicator(previous);
  const hasPrevious = previousRound !== null;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const columns = [...INDICATOR_COLUMNS.map((key) => t(key)), t('approvals.thisRound', { n: currentRound })];
  const previousLabel = t('approvals.previousRound', { n: previousRound });
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">{t('approvals.indicators')}</h2>
      {/* At phone width each indicator is a card headed by its name, each value by its column. */}
      <table className="data-table cards" data-testid="indicator-comparison">
        <TableHead columns={[...columns, hasPrevious && previousLabel]} />
        <tbody>
          {item.indicators.map((i) => {
            const changed = changedSincePrevious(now.get(i.id), before.get(i.id), hasPrevious);
            return (
              <tr key={i.id} className={changed ? 'changed' : undefined}>
                <th scope="row">{i.name}</th>
                <td data-label={columns[1]}>{i.unit}</td>
                <td data-label={columns[2]} className="num">
                  {i.baseline ?? '—'}
                </td>
                <td data-label={columns[3]}>{t(`plan.${i.direction}`)}</td>
                <td data-label={columns[4]} className="num">
                  {i.targets[String(fiscalYear)] ?? '—'}
                </td>
                <td data-label={columns[5]} className="num">
                  {show(now.get(i.id))}
                  {changed && (
                    <strong className="changed-mark">{punct(lang).paren(t('approvals.changed'))}</strong>
                  )}
                </td>
                {hasPrevious && (
                  <td data-label={previousLabel} className="num">
                    {show(before.get(i.id))}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function DecisionForm({
  approval,
  planId,
  yearScales,
  selfRating,
  onDone,
}: {
  approval: Approval;
  planId: string | undefined;
  /** The scales the cycle's year started with (null before cities had scales). */
  yearScales: RatingScales | null;
  selfRating: string | null;
  onDone: (outcome: string) => void;
}) {
  const { t, l } = useI18n();
  const [rating, setRating] = useState('');
  // 二次評価（本部）on the city's scale; the 一次評価（所管）it keeps, in that scale's words.
  const current = useSettings(planId).data?.settings.ratings;
  const scales = yearScales ?? current;
  const selfLabel = useGradeLabel(planId, 'self');
  return (
    <ApprovalDecisionForm
      approval={approval}
      onDone={onDone}
      // The page says what was decided and where the cycle went: 「承認しました → 実行段階へ」.
      // (This page decides items' approvals: the answer is the cycle's state.)
      outcome={(body, state) =>
        decisionOutcome({ t, l }, body, approval.stage, 'cycleId' in state ? state : undefined)
      }
      extra={(decision) => (rating && decision === 'approve' ? { rating } : {})}
      extraFields={['rating']}
    >
      {(errors) =>
        approval.stage === 'CHECK' && (
          <Field id="rating" label={t('approvals.rating')} error={errors.get('rating')}>
            {(aria) => (
              <Choice
                aria={aria}
                value={rating}
                options={gradeOptions(scales?.hq, l)}
                empty={t('approvals.keepRating', { rating: selfRating ? selfLabel(selfRating) : '—' })}
                onChange={setRating}
              />
            )}
          </Field>
        )
      }
    </ApprovalDecisionForm>
  );
}

export default function ApprovalPage({ cycleId, approvalId }: { cycleId: string; approvalId: string }) {
  const { t, lang, l } = useI18n();
  const { user, has } = useAuth();
  const cycle = useCycle(cycleId);
  const item = useItem(cycle.data?.itemId);
  // Once decided, the approval is no longer pending and its form goes; the outcome stays.
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <section>
      <BackLink to="/approvals" />
      <QueryView query={cycle}>
        {(c) => {
          const approval = c.approvals.find((a) => a.id === approvalId);
          if (!approval) return <p>{t('errors.notFound')}</p>;
          const previous = c.approvals
            .filter(
              (a) =>
                a.submissionKind === approval.submissionKind &&
                a.round < approval.round &&
                a.status === 'returned',
            )
            .sort((a, b) => b.round - a.round)[0];
          const current = payloadOf(c, approval);
          // Round 2 and later: what changed since the round HQ returned, and the leader's answer.
          const changes = previous ? changedFields(current, previous.payload) : undefined;
          const answer = current && 'returnAnswer' in current ? current.returnAnswer : undefined;
          const selfRating = current && 'selfRating' in current ? current.selfRating : null;
          const decidable =
            approval.status === 'pending' && has('hq_approver') && approval.submittedBy !== user?.id;
          return (
            <>
              <PageTitle>
                {c.itemCode} {c.itemTitle}
              </PageTitle>
              {item.data && <CycleHeader cycle={c} item={item.data} />}
              <div className={previous ? 'side-by-side' : undefined}>
                <section className="card" aria-labelledby="submission-title">
                  <h2 id="submission-title">
                    {t('approvals.submission')}
                    {punct(lang).colon}
                    {l(SUBMISSION_KIND_LABELS[approval.submissionKind])}
                    {punct(lang).paren(t('approvals.roundN', { n: approval.round }))}
                  </h2>
                  <dl className="meta submission-meta">
                    <div>
                      <dt>{t('feedback.submitter')}</dt>
                      <dd data-testid="submitter">{approval.submittedByName ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>{t('approvals.submittedAt')}</dt>
                      <dd>{formatDateTime(approval.submittedAt, lang)}</dd>
                    </div>
                  </dl>
                  <PayloadView payload={current} item={item.data} changes={changes} />
                </section>
                {previous && (
                  <section className="card muted" aria-labelledby="previous-title">
                    <h2 id="previous-title">
                      {t('approvals.previous')}
                      {punct(lang).paren(t('approvals.roundN', { n: previous.round }))}
                    </h2>
                    <PayloadView payload={previous.payload} item={item.data} />
                  </section>
                )}
              </div>
              {previous && (
                <section
                  className="card return-exchange"
                  aria-labelledby="exchange-title"
                  data-testid="return-exchange"
                >
                  <h2 id="exchange-title">{t('feedback.exchange')}</h2>
                  <div className="side-by-side">
                    <div data-testid="return-comment">
                      <h3>{t('feedback.returnComment', { n: previous.round })}</h3>
                      <blockquote>{previous.comment || '—'}</blockquote>
                      <p className="meta">
                        {previous.decidedByName ?? '—'}
                        {previous.decidedAt && punct(lang).paren(formatDateTime(previous.decidedAt, lang))}
                      </p>
                    </div>
                    <div data-testid="return-answer">
                      <h3>
                        {t('feedback.returnAnswer')}
                        {punct(lang).paren(t('approvals.roundN', { n: approval.round }))}
                      </h3>
                      {answer ? <blockquote>{answer}</blockquote> : <p>{t('feedback.noAnswer')}</p>}
                    </div>
                  </div>
                </section>
              )}
              {item.data && item.data.indicators.length > 0 && (
                <IndicatorComparison
                  item={item.data}
                  fiscalYear={c.fiscalYear}
                  current={current}
                  currentRound={approval.round}
                  previous={previous?.payload ?? null}
                  previousRound={previous?.round ?? null}
                />
              )}
              {/* 外部評価 (#25): the responses the plan answers, the follow-up the evaluation reports. */}
              {(approval.submissionKind === 'plan' || approval.submissionKind === 'evaluation') && (
                <CarriedResponses cycle={c} />
              )}
              {decided && (
                <div data-testid="decision-outcome">
                  <FormMessage error={null} success={decided} />
                </div>
              )}
              {decidable && !decided && (
                <DecisionForm
                  approval={approval}
                  planId={item.data?.planId}
                  yearScales={c.yearSettings?.ratings ?? null}
                  selfRating={selfRating}
                  onDone={setDecided}
                />
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
