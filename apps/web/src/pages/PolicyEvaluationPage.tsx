import { reportFiscalYear } from '@pdca/domain/glossary';
import { useState } from 'react';
import { type PolicyApproval, type PolicyEvaluation, usePolicyEvaluation } from '../api/policy-evaluations';
import { useSettings } from '../api/settings';
import { useAuth } from '../auth';
import { ApprovalDecisionForm } from '../forms/DecisionControls';
import { useI18n } from '../i18n';
import { formatDate, punct } from '../lib/format';
import { Link } from '../router';
import { BackLink, FormMessage, PageTitle, QueryView } from '../ui';
import { EvaluationSheetLinks, policySheet } from './EvaluationSheetLinks';
import { PolicyEvaluationForm } from './PolicyEvaluationForm';
import { PolicyItemsView } from './PolicyItemsView';
import { ReturnFeedback } from './ReturnFeedback';
import { SubmissionMeta } from './SubmissionMeta';

/**
 * One 施策評価 (#24), for its 担当部長 and for HQ: the node and year, where it stands, the items' results
 * side by side with the node's own indicators; then the owner's form (open or returned, with HQ's
 * comment), the submission as sent, and HQ's decision on the pending step (nobody decides their own).
 */
export default function PolicyEvaluationPage({ evaluationId }: { evaluationId: string }) {
  const { has } = useAuth();
  const evaluation = usePolicyEvaluation(evaluationId);
  return (
    <section>
      <BackLink to={has('wg_leader') ? '/tasks' : '/approvals'} />
      <QueryView query={evaluation}>{(e) => <EvaluationView evaluation={e} />}</QueryView>
    </section>
  );
}

function EvaluationView({ evaluation: e }: { evaluation: PolicyEvaluation }) {
  const { t, l, lang } = useI18n();
  const { user, has } = useAuth();
  const [decided, setDecided] = useState<string | null>(null);
  // The form goes once the evaluation is submitted; what happened stays said.
  const [sent, setSent] = useState(false);
  const gradeOf = usePolicyGrade(e.node.planId);
  const owner = user?.id === e.ownerUserId;
  const pending = e.approvals.find((a) => a.status === 'pending');
  const decidable = pending && has('hq_approver') && pending.submittedBy !== user?.id;
  return (
    <>
      <PageTitle>{t('policy.page.title', { code: e.node.code, title: e.node.title })}</PageTitle>
      <dl className="meta policy-meta" data-testid="policy-meta">
        <div>
          <dt>{t('common.fiscalYear')}</dt>
          <dd>{l(reportFiscalYear(e.fiscalYear))}</dd>
        </div>
        <div>
          <dt>{t('common.status')}</dt>
          <dd data-testid="policy-status">{t(`policy.status.${e.status as 'open'}`)}</dd>
        </div>
        <div>
          <dt>{e.openAt ? t('policy.page.openedAt') : t('policy.page.opensBy')}</dt>
          <dd>{formatDate(e.openAt ?? e.scheduledOpenAt, lang)}</dd>
        </div>
        {e.dueAt && (
          <div>
            <dt>{t('common.dueAt')}</dt>
            <dd>{formatDate(e.dueAt, lang)}</dd>
          </div>
        )}
        {e.rating && (
          <div>
            <dt>{t('policy.form.rating')}</dt>
            <dd data-testid="policy-rating">{gradeOf(e.rating)}</dd>
          </div>
        )}
      </dl>
      <p>
        <Link to={`/plans/${e.node.planId}`}>{t('policy.page.plan')}</Link>
      </p>
      {e.status === 'scheduled' && e.itemsPending.length > 0 && (
        <div className="alert info" data-testid="items-pending">
          <p>{t('policy.page.waiting')}</p>
          <ul>
            {e.itemsPending.map((i) => (
              <li key={i.itemId}>
                {i.itemCode} {i.itemTitle}
              </li>
            ))}
          </ul>
        </div>
      )}
      <PolicyItemsView evaluation={e} />
      {/* 施策評価シート: HQ, auditors and the 担当部長, as the API allows. */}
      {(owner || has('hq_approver', 'hq_admin', 'admin', 'auditor')) && (
        <EvaluationSheetLinks sheet={policySheet(e.node.nodeId, e.node.code)} years={[e.fiscalYear]} />
      )}
      <ReturnFeedback
        approvals={e.approvals}
        status={e.status}
        round={e.round}
        answer={e.submission?.returnAnswer}
      />
      {owner && (e.status === 'open' || e.status === 'returned') && (
        <PolicyEvaluationForm evaluation={e} onSubmitted={() => setSent(true)} />
      )}
      {sent && e.status === 'submitted' && <FormMessage error={null} success={t('common.submitted')} />}
      {e.submission && e.status !== 'open' && e.status !== 'returned' && <SubmissionView evaluation={e} />}
      {decided && (
        <div data-testid="decision-outcome">
          <FormMessage error={null} success={decided} />
        </div>
      )}
      {decidable && !decided && <PolicyDecisionForm approval={pending} onDone={setDecided} />}
    </>
  );
}

/** A 担当部評価 code as the city's scale names it: B（概ね順調）. */
function usePolicyGrade(planId: string): (code: string) => string {
  const { l, lang } = useI18n();
  const scale = useSettings(planId).data?.settings.policyEvaluation.scale;
  return (code) => {
    const grade = scale?.find((g) => g.code === code);
    return grade ? `${code}${punct(lang).paren(l(grade.label))}` : code;
  };
}

/** The 施策評価 as submitted, in the order of the form. */
function SubmissionView({ evaluation: e }: { evaluation: PolicyEvaluation }) {
  const { t } = useI18n();
  const s = e.submission!;
  const gradeOf = usePolicyGrade(e.node.planId);
  return (
    <section className="card" aria-labelledby="policy-submission-title" data-testid="policy-submission">
      <h2 id="policy-submission-title">
        {t('approvals.submission')}
        {e.submittedAt && ` ${t('approvals.roundN', { n: e.round })}`}
      </h2>
      <SubmissionMeta name={e.submittedByName} at={e.submittedAt} />
      <dl className="payload">
        <div>
          <dt>{t('policy.form.rating')}</dt>
          <dd>{gradeOf(s.rating)}</dd>
        </div>
        <div>
          <dt>{t('policy.form.reason')}</dt>
          <dd>{s.reason}</dd>
        </div>
        {s.indicators.map((i) => {
          const indicator = e.nodeIndicators.find((n) => n.id === i.indicatorId);
          return (
            <div key={i.indicatorId}>
              <dt>{indicator?.name ?? i.indicatorId}</dt>
              <dd>
                {i.actual ?? '—'} {indicator?.unit}
                {i.reason && ` — ${i.reason}`}
              </dd>
            </div>
          );
        })}
        <div>
          <dt>{t('policy.form.issues')}</dt>
          <dd>{s.issues}</dd>
        </div>
        <div>
          <dt>{t('policy.form.direction')}</dt>
          <dd>{s.direction}</dd>
        </div>
      </dl>
    </section>
  );
}

/** HQ's decision on the evaluation's pending step: approve, or return with a comment. */
function PolicyDecisionForm({
  approval,
  onDone,
}: {
  approval: PolicyApproval;
  onDone: (text: string) => void;
}) {
  const { t } = useI18n();
  return (
    <ApprovalDecisionForm
      approval={approval}
      onDone={onDone}
      outcome={(body, answer) =>
        body.decision === 'approve'
          ? 'node' in answer && answer.status === 'approved'
            ? t('policy.decision.approvedAll')
            : t('policy.decision.approvedStep')
          : t('policy.decision.returned')
      }
    />
  );
}
