import type { Cycle, Item, SubmissionPayload } from '../api/queries';
import { useI18n } from '../i18n';
import { PayloadView } from '../pages/PayloadView';

/**
 * The approved PLAN a DO report is measured against (targets, activities, budget, 効果額 見込額),
 * read-only above the form, so the leader reports against what HQ approved without looking it up.
 */
export function ApprovedPlan({ cycle, item }: { cycle: Cycle; item: Item }) {
  const { t } = useI18n();
  const plan = cycle.plan;
  if (!plan) return null;
  return (
    <section className="approved-plan" aria-labelledby="approved-plan-title" data-testid="approved-plan">
      <h2 id="approved-plan-title">{t('review.approvedPlan')}</h2>
      <p className="hint">{t('review.approvedPlanNote')}</p>
      <PayloadView payload={plan.payload as SubmissionPayload} item={item} />
    </section>
  );
}
