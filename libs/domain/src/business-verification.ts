/**
 * 事業検証 (business verification, #26): in autumn HQ (hq_admin) opens a round for a fiscal year,
 * picks 事業 by hand or by their attributes (事業区分, grade, フルコスト), and a 検証チーム records for
 * each its 検証結果 (findings) and a 方向性 from the city's decision list; HQ decides per item
 * (本部の決定) through the approval chain. The checks of the team's submission and the words of a
 * round's status. Pure: also runs in the workflow sandbox.
 */
import type { DecisionSetting } from './city-settings';
import type { LocalizedText } from './localized-text';
import { requiredTextProblems, returnAnswerProblems, unknownFields } from './policy-evaluation';
import { TEXT_MAX_LENGTH, validateActionSubmission } from './validation';
import { problem, type ValidationProblem } from './validation-problem';

/** A round's status in words: 'open' while items wait for the team or HQ, 'decided' once HQ decided every item. */
export const VERIFICATION_STATUS_LABELS: { readonly [S in 'open' | 'decided']: LocalizedText } = {
  open: { ja: '検証中', en: 'Under verification' },
  decided: { ja: '本部の決定済み', en: 'Decided' },
};

/** An item's status in words (the team's task, then HQ's chain). */
export const VERIFICATION_ITEM_STATUS_LABELS: {
  readonly [S in 'open' | 'submitted' | 'returned' | 'approved']: LocalizedText;
} = {
  open: { ja: '検証結果の入力待ち', en: 'Awaiting findings' },
  submitted: { ja: '本部の決定待ち', en: 'Awaiting HQ’s decision' },
  returned: { ja: '差戻し', en: 'Returned' },
  approved: { ja: '本部の決定済み', en: 'Decided by HQ' },
};

/** The team's submission on one item: 検証結果 and 方向性 (with the budget proposal its rule asks for). */
export interface VerificationFindingsInput {
  readonly itemId: string;
  /** 検証結果. */
  readonly findings: string;
  /** 方向性: a code of the city's decision list (a carriesOver one leaves the item 方向性未決定). */
  readonly decision: string;
  /** 予算への反映額 (yen), by the decision's budget rule, as an Act decision's. */
  readonly budgetProposal?: number | null;
  /** 差戻しへの回答, on a resubmission. */
  readonly returnAnswer?: string;
}

export const VERIFICATION_FINDINGS_FIELDS = [
  'itemId',
  'findings',
  'decision',
  'budgetProposal',
  'returnAnswer',
] as const;

/** At most this many items in a round, and team members. */
export const VERIFICATION_MAX_ITEMS = 100;
export const VERIFICATION_MAX_TEAM = 30;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Problems with the team's submission on an item (empty when valid), each naming its field:
 * 検証結果 1–4000 characters, 方向性 of the list, the budget proposal by the decision's rule
 * against `currentBudget` (the item's budget of the round's year).
 */
export function validateVerificationFindings(
  input: unknown,
  context: { currentBudget: number; decisions: readonly DecisionSetting[] },
): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      problem('body', 'object', { ja: '検証結果の内容が読めません。', en: 'The body must be an object.' }),
    ];
  }
  const out = unknownFields(input, VERIFICATION_FINDINGS_FIELDS, '');
  if (typeof input.itemId !== 'string' || input.itemId === '') {
    out.push(problem('itemId', 'required', { ja: '改革項目を指定してください。', en: 'Name the item.' }));
  }
  out.push(
    ...requiredTextProblems(
      input.findings,
      'findings',
      { ja: '検証結果', en: 'the findings' },
      TEXT_MAX_LENGTH,
    ),
  );
  // The 方向性 and its budget proposal are an Act decision's (the city's list, the budget rules).
  const decided = validateActionSubmission(
    { decision: input.decision, budgetProposal: input.budgetProposal, rationale: '-' },
    { currentBudget: context.currentBudget, decisions: context.decisions },
  );
  out.push(...decided.filter((p) => p.field === 'decision' || p.field === 'budgetProposal'));
  out.push(...returnAnswerProblems(input.returnAnswer));
  return out;
}
