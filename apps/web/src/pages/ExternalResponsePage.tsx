import { useState } from 'react';
import type { Schemas } from '../api/client';
import { type ExternalResponse, useExternalResponse } from '../api/external-responses';
import { useAuth } from '../auth';
import { ApprovalDecisionForm } from '../forms/DecisionControls';
import { useI18n } from '../i18n';
import {
  daysUntil,
  fiscalYearText,
  formatDate,
  formatDateTime,
  formatDaysLeft,
  formatMoney,
  punct,
} from '../lib/format';
import { BackLink, FormMessage, PageTitle, QueryView } from '../ui';
import { ExternalResponseForm } from './ExternalResponseForm';
import { ReturnFeedback } from './ReturnFeedback';
import { SubmissionMeta } from './SubmissionMeta';

/**
 * One 市の対応方針 (#25), for the item's leader, HQ and the auditor: the item and the review round, the
 * 委員会の評価 it answers, the due date and where it stands; the leader's form (open or returned, with
 * HQ's comment), the response as sent, and HQ's decision on the pending step (nobody decides their
 * own) — as the 施策評価 page. Anyone else reads it only.
 */
export default function ExternalResponsePage({ responseId }: { responseId: string }) {
  const { has } = useAuth();
  const response = useExternalResponse(responseId);
  return (
    <section>
      <BackLink to={has('wg_leader') ? '/tasks' : has('hq_approver', 'hq_admin') ? '/approvals' : '/audit'} />
      <QueryView query={response}>{(r) => <ResponseView response={r} />}</QueryView>
    </section>
  );
}

function ResponseView({ response: r }: { response: ExternalResponse }) {
  const { t, l, lang } = useI18n();
  const p = punct(lang);
  const { user, has } = useAuth();
  const [decided, setDecided] = useState<string | null>(null);
  // The form goes once the response is submitted; what happened stays said.
  const [sent, setSent] = useState(false);
  const owner = user?.id === r.leaderUserId;
  const writing = r.status === 'open' || r.status === 'returned';
  const pending = r.approvals.find((a) => a.status === 'pending');
  const decidable = pending && has('hq_approver') && pending.submittedBy !== user?.id;
  return (
    <>
      <PageTitle>{t('extResponse.title', { code: r.item.code, title: r.item.title })}</PageTitle>
      <dl className="summary-grid" data-testid="response-meta">
        <div>
          <dt>{t('extResponse.review')}</dt>
          <dd>{r.reviewTitle}</dd>
        </div>
        <div>
          <dt>{t('common.fiscalYear')}</dt>
          <dd>{l(fiscalYearText(r.fiscalYear))}</dd>
        </div>
        <div>
          <dt>{t('common.status')}</dt>
          <dd data-testid="response-status">{t(`policy.status.${r.status}`)}</dd>
        </div>
        <div>
          <dt>{t('common.dueAt')}</dt>
          <dd>
            <span className="nowrap">{formatDate(r.dueAt, lang)}</span>
            {writing && (
              <>
                {p.gap}
                <span className={r.overdue ? 'text-danger nowrap' : 'nowrap'}>
                  {formatDaysLeft(daysUntil(r.dueAt), lang)}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>
      <RulingView ruling={r.ruling} />
      <ReturnFeedback
        approvals={r.approvals}
        status={r.status}
        round={r.round}
        answer={r.submission?.returnAnswer}
      />
      {owner && writing && <ExternalResponseForm response={r} onSubmitted={() => setSent(true)} />}
      {!owner && writing && (
        <p className="alert info" role="status" data-testid="response-waiting">
          {t('extResponse.waiting')}
        </p>
      )}
      {sent && r.status === 'submitted' && <FormMessage error={null} success={t('common.submitted')} />}
      {r.submission && !writing && <SubmissionView response={r} />}
      {r.approvals.length > 0 && <ApprovalHistory response={r} />}
      {r.followUp && (
        <section className="card" aria-labelledby="follow-up-title" data-testid="response-follow-up">
          <h2 id="follow-up-title">{t('extResponse.followUp')}</h2>
          <FollowUpText followUp={r.followUp} />
        </section>
      )}
      {decided && (
        <div data-testid="decision-outcome">
          <FormMessage error={null} success={decided} />
        </div>
      )}
      {decidable && !decided && (
        <ApprovalDecisionForm
          approval={pending}
          onDone={setDecided}
          outcome={(body, answer) =>
            body.decision === 'return'
              ? t('extResponse.returned')
              : 'reviewTitle' in answer && answer.status === 'approved'
                ? t('extResponse.approvedAll')
                : t('policy.decision.approvedStep')
          }
        />
      )}
    </>
  );
}

type Ruling = Schemas['ExternalRulingDto'];

/** 委員会の評価 in one line: the committee's result in the city's list (見直し). */
export function rulingResult(ruling: Ruling, l: (text: Ruling['resultLabel']) => string): string {
  return ruling.resultLabel ? l(ruling.resultLabel) : (ruling.result ?? '—');
}

/** 委員会の評価: the committee's result and its reason. */
function RulingView({ ruling }: { ruling: Ruling }) {
  const { t, l } = useI18n();
  return (
    <section className="card" aria-labelledby="ruling-title" data-testid="ruling">
      <h2 id="ruling-title">{t('extResponse.ruling')}</h2>
      <dl className="payload">
        <div>
          <dt>{t('extResponse.result')}</dt>
          <dd data-testid="ruling-result">{rulingResult(ruling, l)}</dd>
        </div>
        <div>
          <dt>{t('extResponse.reason')}</dt>
          <dd>{ruling.reason ?? '—'}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The 市の対応方針 as submitted: 対応方針, 効果見込額, 実施時期, who sent it and when. */
function SubmissionView({ response: r }: { response: ExternalResponse }) {
  const { t, lang } = useI18n();
  const s = r.submission!;
  return (
    <section className="card" aria-labelledby="response-submission-title" data-testid="response-submission">
      <h2 id="response-submission-title">
        {t('extResponse.kind')}
        {punct(lang).paren(t('approvals.roundN', { n: r.round }))}
      </h2>
      <SubmissionMeta name={r.submittedByName} at={r.submittedAt} />
      <dl className="payload">
        <ResponseRows response={s.response} expectedEffect={s.expectedEffect} timing={s.timing} />
      </dl>
    </section>
  );
}

/** Each step of each round as HQ decided it: 第1回　推進リーダー　差戻し　2026年12月7日 20:15. */
function ApprovalHistory({ response: r }: { response: ExternalResponse }) {
  const { t, l, lang } = useI18n();
  const p = punct(lang);
  const steps = r.approvals
    .filter((a) => a.status !== 'cancelled')
    .sort((a, b) => a.round - b.round || a.stepIndex - b.stepIndex);
  return (
    <section className="card" aria-labelledby="history-title" data-testid="approval-history">
      <h2 id="history-title">{t('extResponse.history')}</h2>
      <ul>
        {steps.map((a) => (
          <li key={a.id}>
            {t('approvals.roundN', { n: a.round })}
            {p.gap}
            {l(a.stepLabel)}
            {p.gap}
            <strong>{t(`extResponse.stepStatus.${a.status}`)}</strong>
            {a.decidedAt && (
              <>
                {p.gap}
                <span className="nowrap">{formatDateTime(a.decidedAt, lang)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 対応方針, 効果見込額 and 実施時期, rows of a `dl.payload` (on this page and on the cycle's). */
export function ResponseRows({
  response,
  expectedEffect,
  timing,
}: {
  response: string;
  expectedEffect: number | null | undefined;
  timing: string;
}) {
  const { t, lang } = useI18n();
  return (
    <>
      <div>
        <dt>{t('extResponse.response')}</dt>
        <dd>{response}</dd>
      </div>
      <div>
        <dt>{t('extResponse.expectedEffect')}</dt>
        <dd data-testid="expected-effect">
          {expectedEffect == null ? t('extResponse.noEffect') : formatMoney(expectedEffect, lang)}
        </dd>
      </div>
      <div>
        <dt>{t('extResponse.timing')}</dt>
        <dd>{timing}</dd>
      </div>
    </>
  );
}

/** 対応方針の実施状況 as written, with the year it reports on and when. */
export function FollowUpText({ followUp }: { followUp: Schemas['FollowUpStateDto'] }) {
  const { t, l, lang } = useI18n();
  return (
    <>
      <blockquote data-testid="follow-up-text">{followUp.text}</blockquote>
      <p className="meta">
        {t('extResponse.followUpOf', {
          fy: l(fiscalYearText(followUp.fiscalYear)),
          at: formatDateTime(followUp.at, lang),
        })}
      </p>
    </>
  );
}
