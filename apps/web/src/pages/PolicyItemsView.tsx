import type { PolicyEvaluation, PolicyItemResult, PolicyNodeIndicator } from '../api/policy-evaluations';
import { useDecisionLabel, useGradeLabel } from '../api/settings';
import { EFFECT_PARTS } from '../forms/stage-forms';
import { useI18n } from '../i18n';
import { formatMoney, formatPercent, type Lang, punct } from '../lib/format';
import { Link } from '../router';
import { StageBadge } from '../ui';

const number = (n: number | null, lang: Lang, unit = '') =>
  n === null
    ? '—'
    : `${new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n)}${unit ? ` ${unit}` : ''}`;

const amount = (effects: Record<string, unknown> | null, key: string): number | null => {
  const v = effects?.[key];
  return typeof v === 'number' ? v : null;
};

/**
 * What the 施策評価 is built on (#24), side by side: a card per item under the node with its year's
 * 一次評価（所管）, 二次評価（本部）, 進捗評価, indicator results, 効果額 and 今後の方向性 (cards wrap to
 * one column on a phone), then the node's own indicators (主要目標) with the year's target.
 */
export function PolicyItemsView({ evaluation }: { evaluation: PolicyEvaluation }) {
  const { t } = useI18n();
  return (
    <>
      <section aria-labelledby="policy-items-title">
        <h2 id="policy-items-title">
          {t('policy.items.title')}
          <span className="count">{evaluation.items.length}</span>
        </h2>
        {evaluation.items.length === 0 ? (
          <p>{t('policy.items.none')}</p>
        ) : (
          <ul className="policy-items" data-testid="policy-items">
            {evaluation.items.map((item) => (
              <ItemCard key={item.itemId} item={item} planId={evaluation.node.planId} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="policy-node-indicators-title">
        <h2 id="policy-node-indicators-title">{t('policy.nodeIndicators.title')}</h2>
        {evaluation.nodeIndicators.length === 0 ? (
          <p>{t('policy.nodeIndicators.none')}</p>
        ) : (
          <NodeIndicatorList indicators={evaluation.nodeIndicators} />
        )}
      </section>
    </>
  );
}

function ItemCard({ item, planId }: { item: PolicyItemResult; planId: string }) {
  const { t, lang } = useI18n();
  const selfLabel = useGradeLabel(planId, 'self');
  const hqLabel = useGradeLabel(planId, 'hq');
  const decisionLabel = useDecisionLabel(planId);
  const facts: Array<[string, string, string]> = [
    ['self', t('evaluation.selfRating'), item.selfRating ? selfLabel(item.selfRating) : '—'],
    ['hq', t('approvals.rating'), item.hqRating ? hqLabel(item.hqRating) : '—'],
    ['grade', t('evaluation.grade'), item.grade ?? '—'],
    ['decision', t('action.decision'), item.decision ? decisionLabel(item.decision) : '—'],
  ];
  return (
    <li className="card policy-item" data-testid="policy-item" data-item-code={item.itemCode}>
      <h3>
        <span className="node-code">{item.itemCode}</span> {item.itemTitle}
      </h3>
      <p className="policy-item-state">
        {item.stage ? <StageBadge stage={item.stage as never} /> : t('policy.items.noCycle')}{' '}
        <strong className={item.evaluationApproved ? 'approved' : 'pending'} data-testid="item-approved">
          {item.evaluationApproved ? t('policy.items.approved') : t('policy.items.notApproved')}
        </strong>
      </p>
      <dl className="policy-item-facts">
        {facts.map(([key, label, value]) => (
          <div key={key} data-testid={`item-${key}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {item.indicators.length > 0 && (
        <>
          <p className="node-subhead">{t('approvals.indicators')}</p>
          <ul className="policy-item-indicators">
            {item.indicators.map((i) => (
              <li key={i.indicatorId} data-testid="item-indicator">
                {i.name}
                {lang === 'ja' ? '：' : ': '}
                {number(i.actual, lang)} / {number(i.target, lang)}
                {i.achievementRate !== null &&
                  punct(lang).paren(`${t('evaluation.rate')} ${formatPercent(i.achievementRate)}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="node-subhead">{t('payload.effects')}</p>
      <dl className="policy-item-facts" data-testid="item-effects">
        {EFFECT_PARTS.map((k) => (
          <div key={k}>
            <dt>{t(`effect.${k}`)}</dt>
            <dd>{amount(item.effects, k) === null ? '—' : formatMoney(amount(item.effects, k)!, lang)}</dd>
          </div>
        ))}
      </dl>
      {item.cycleId && (
        <p>
          <Link to={`/audit/items/${item.itemId}`}>{t('policy.items.history')}</Link>
        </p>
      )}
    </li>
  );
}

function NodeIndicatorList({ indicators }: { indicators: PolicyNodeIndicator[] }) {
  const { t, lang } = useI18n();
  return (
    <ul className="plan-indicators" data-testid="policy-node-indicators">
      {indicators.map((i) => (
        <li key={i.id}>
          <span className="indicator-name">{i.name}</span>
          <dl className="indicator-facts">
            <div>
              <dt>{t('plan.baseline')}</dt>
              <dd>{number(i.baseline, lang, i.unit)}</dd>
            </div>
            <div>
              <dt>{t('policy.nodeIndicators.target')}</dt>
              <dd>{number(i.target, lang, i.unit)}</dd>
            </div>
            <div>
              <dt>{t('plan.direction')}</dt>
              <dd>{t(`plan.${i.direction as 'higher_is_better' | 'lower_is_better'}`)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
