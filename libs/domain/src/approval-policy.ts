import type { LocalizedText } from './localized-text';
import { ROLES, type Role } from './stages';
import { problem, type ValidationProblem } from './validation-problem';

/** One step of an approval chain; `key` is stable and recorded with each decision. */
export interface ApprovalStep {
  readonly key: string;
  readonly label: LocalizedText;
  readonly role: Role;
}

/** A tenant's approval chain, decided in order. */
export interface ApprovalPolicy {
  readonly steps: readonly ApprovalStep[];
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  steps: [{ key: 'hq', label: { ja: '本部承認', en: 'HQ approval' }, role: 'hq_approver' }],
};

/** Example of a two-step chain: the reform promotion leader, then the HQ director general. */
export const TWO_STEP_APPROVAL_POLICY: ApprovalPolicy = {
  steps: [
    {
      key: 'promotion_leader',
      label: { ja: '推進リーダー', en: 'Reform promotion leader' },
      role: 'hq_approver',
    },
    { key: 'hq_director', label: { ja: '本部長', en: 'HQ director general' }, role: 'hq_approver' },
  ],
};

/**
 * Problems with a tenant's chain: it needs at least one step (an empty chain would approve
 * everything unseen), unique non-empty keys and known roles.
 */
export function validateApprovalPolicy(policy: ApprovalPolicy): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (policy.steps.length === 0) {
    problems.push(
      problem('steps', 'required', {
        ja: '承認段階を1つ以上設定してください。',
        en: 'Add at least one approval step.',
      }),
    );
  }
  const seen = new Set<string>();
  policy.steps.forEach((step, i) => {
    if (step.key.trim() === '') {
      problems.push(
        problem(`steps[${i}].key`, 'required', { ja: 'キーを入力してください。', en: 'Enter a key.' }),
      );
    } else if (seen.has(step.key)) {
      problems.push(
        problem(`steps[${i}].key`, 'unique', {
          ja: 'キーが重複しています。',
          en: 'This key is used by another step.',
        }),
      );
    }
    seen.add(step.key);
    if (!ROLES.includes(step.role)) {
      problems.push(problem(`steps[${i}].role`, 'enum', { ja: '不明なロールです。', en: 'Unknown role.' }));
    }
  });
  return problems;
}

/** An approval already given in the current round. */
/**
 * Why an actor may not decide (approve or return) a step:
 * - `UNKNOWN_STEP`: the step is not part of the policy.
 * - `NOT_ALLOWED`: the actor lacks the step's role.
 * - `OWN_SUBMISSION`: separation of duties, nobody decides on their own submission.
 * - `ALREADY_DECIDED_BY_ACTOR`: one person may not fill two steps of the same chain; otherwise a
 *   two-step chain would silently collapse into one signature.
 */
export type ApproverError = 'UNKNOWN_STEP' | 'NOT_ALLOWED' | 'OWN_SUBMISSION' | 'ALREADY_DECIDED_BY_ACTOR';

export type ApproverCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: ApproverError; readonly message: LocalizedText };

export interface ApproverCheckInput {
  readonly actor: { readonly userId: string; readonly roles: readonly Role[] };
  readonly submittedBy: string;
  readonly policy: ApprovalPolicy;
  readonly step: ApprovalStep;
  /** User ids who decided earlier steps in the current round. */
  readonly previousDeciders: readonly string[];
}

const APPROVER_MESSAGES: Readonly<Record<ApproverError, LocalizedText>> = {
  UNKNOWN_STEP: {
    ja: 'この承認段階は承認ルートに含まれていません。',
    en: 'This approval step is not part of the approval chain.',
  },
  NOT_ALLOWED: {
    ja: 'この段階を承認する権限がありません。',
    en: 'You do not have the role required to decide this step.',
  },
  OWN_SUBMISSION: {
    ja: '自分が提出したものを承認・差戻しすることはできません。',
    en: 'You cannot approve or return your own submission.',
  },
  ALREADY_DECIDED_BY_ACTOR: {
    ja: '同じ承認ルートの別の段階を既に決裁しています。',
    en: 'You have already decided another step of this approval chain.',
  },
};

/** Whether `actor` may decide `step`; checks run in the order of {@link ApproverError}. */
export function checkApprover(input: ApproverCheckInput): ApproverCheck {
  const { actor, submittedBy, policy, step, previousDeciders } = input;
  const fail = (error: ApproverError): ApproverCheck => ({
    ok: false,
    error,
    message: APPROVER_MESSAGES[error],
  });
  if (!policy.steps.some((candidate) => candidate.key === step.key && candidate.role === step.role)) {
    return fail('UNKNOWN_STEP');
  }
  if (!actor.roles.includes(step.role)) return fail('NOT_ALLOWED');
  if (actor.userId === submittedBy) return fail('OWN_SUBMISSION');
  if (previousDeciders.includes(actor.userId)) return fail('ALREADY_DECIDED_BY_ACTOR');
  return { ok: true };
}
