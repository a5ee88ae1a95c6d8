import { CYCLE_STATUS_LABELS, type CycleStatus, STAGE_LABELS, type Stage } from '@pdca/domain/stages';

/** `t` and `l` of i18n, as far as the outcome sentence needs them. */
type Words = {
  t: (key: string, values?: Record<string, unknown>) => string;
  l: (text: { ja: string; en: string }) => string;
};

/**
 * What HQ's decision did, as the page then says it: 「差し戻しました。コメント：…」, or
 * 「承認しました → 実行段階へ」 naming where the cycle went (the next stage, the next approval
 * step, or the year's end).
 */
export function decisionOutcome(
  { t, l }: Words,
  decided: { decision: 'approve' | 'return'; comment?: string },
  approvalStage: string,
  after: { stage: string; status: string; awaitingApproval: boolean; closedAt: string | null } | undefined,
): string {
  if (decided.decision === 'return') {
    const comment = decided.comment?.trim();
    return comment ? t('feedback.returnedComment', { comment }) : t('feedback.returned');
  }
  if (!after) return t('feedback.approved');
  if (after.closedAt)
    return t('feedback.approvedTo', { next: l(CYCLE_STATUS_LABELS[after.status as CycleStatus]) });
  if (after.stage !== approvalStage)
    return t('feedback.approvedTo', {
      next: t('feedback.approvedStage', { stage: l(STAGE_LABELS[after.stage as Stage]) }),
    });
  if (after.awaitingApproval) return t('feedback.approvedTo', { next: t('feedback.approvedStep') });
  return t('feedback.approved');
}
