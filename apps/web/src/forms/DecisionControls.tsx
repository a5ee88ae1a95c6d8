import type { LocalizedText } from '@pdca/domain/localized-text';
import { decisionCommentProblems } from '@pdca/domain/validation';
import { type FormEvent, type ReactNode, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { punct } from '../lib/format';
import { Field, FormMessage } from '../ui';
import type { FieldErrors } from './field-errors';
import { useSubmission } from './use-submission';

/** HQ's decision on one approval step (POST /approvals/{approvalId}/decision). */
export interface DecisionBody {
  decision: 'approve' | 'return';
  comment?: string;
  /** The CHECK stage's 二次評価（本部）, on approval only. */
  rating?: string;
}

/** One endpoint decides every kind of step: an item's stage, a 施策評価, a 市の対応方針. */
export function decideApproval(approvalId: string, body: DecisionBody) {
  return unwrap(
    api.POST('/api/v1/approvals/{approvalId}/decision', { params: { path: { approvalId } }, body }),
  );
}

/** What the decision answers: the cycle's state, the 施策評価 or the 市の対応方針, after it. */
export type DecisionAnswer = Awaited<ReturnType<typeof decideApproval>>;

/**
 * HQ's decision on a pending step, the same for an item's approval, a 施策評価 and a 市の対応方針:
 * the step's name, the server's problems, the kind's own fields (`children`, e.g. the CHECK stage's
 * 二次評価), the comment (needed to return, checked before sending by the machine's own rule) and
 * 承認する (the form's submit) / 差し戻す. `outcome` words what was decided for the page to keep.
 */
export function ApprovalDecisionForm({
  approval,
  outcome,
  onDone,
  extra,
  extraFields = [],
  children,
}: {
  approval: { id: string; stepLabel: LocalizedText };
  outcome: (body: DecisionBody, answer: DecisionAnswer) => string;
  onDone: (text: string) => void;
  /** More of the body for this decision (e.g. the rating, on approval only). */
  extra?: (decision: DecisionBody['decision']) => Partial<DecisionBody>;
  /** The fields `children` show their problems next to. */
  extraFields?: readonly string[];
  children?: (errors: FieldErrors) => ReactNode;
}) {
  const { t, l, lang } = useI18n();
  const [comment, setComment] = useState('');
  const sub = useSubmission(
    async (body: DecisionBody) => {
      const answer = await decideApproval(approval.id, body);
      onDone(outcome(body, answer));
      return answer;
    },
    ['comment', 'decision', ...extraFields],
    {
      check: decisionCommentProblems,
      // The summary names the fields as the form does (コメント), not by their paths.
      labels: new Map([
        ['comment', t('approvals.comment')],
        ['rating', t('approvals.rating')],
      ]),
    },
  );
  const decide = (decision: DecisionBody['decision']) => (event?: FormEvent) => {
    event?.preventDefault();
    sub.submit({ decision, ...(comment.trim() ? { comment } : {}), ...extra?.(decision) });
  };
  return (
    <form onSubmit={decide('approve')} noValidate aria-labelledby="decision-title" className="decision card">
      <h2 id="decision-title">
        {t('approvals.step')}
        {punct(lang).colon}
        {l(approval.stepLabel)}
      </h2>
      <FormMessage error={sub.summary} extra={sub.unshown} />
      {children?.(sub.errors)}
      <Field
        id="comment"
        label={t('approvals.comment')}
        hint={t('approvals.commentHint')}
        error={sub.errors.get('comment')}
      >
        {(aria) => (
          <textarea {...aria} rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="approve">
          {t('approvals.approve')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={sub.busy}
          onClick={() => decide('return')()}
          data-write="return"
        >
          {t('approvals.return')}
        </button>
      </div>
    </form>
  );
}
