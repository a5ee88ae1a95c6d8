import { type EffectAmounts, netEffect } from '@pdca/domain/fiscal-effects';
import { REVIEW_STATUS_LABELS, type ReviewStatus } from '@pdca/domain/validation';
import type { Item, SubmissionPayload } from '../api/queries';
import { useDecisionLabel, useGradeLabel } from '../api/settings';
import { EFFECT_PARTS } from '../forms/stage-forms';
import { useI18n } from '../i18n';
import { formatMoney } from '../lib/format';

type Entry = Record<string, unknown>;

const MONEY = new Set(['budgetRequest', 'budgetProposal']);
/** 効果額 objects: the PLAN's target and the CHECK's actual. */
const EFFECTS = new Set(['effectTarget', 'effects']);

/** A submission as HQ and auditors read it: indicator names instead of ids, money formatted. */
export function PayloadView({
  payload,
  item,
}: {
  payload: SubmissionPayload | null | undefined;
  item: Item | undefined;
}) {
  const { t, lang, l } = useI18n();
  // The city's words for the decision and the grade (its plan's settings), else the code.
  const decisionLabel = useDecisionLabel(item?.planId);
  const selfGradeLabel = useGradeLabel(item?.planId, 'self');
  if (!payload) return <p>—</p>;
  const indicatorName = (id: unknown) => item?.indicators.find((i) => i.id === id)?.name ?? String(id);
  const unit = (id: unknown) => item?.indicators.find((i) => i.id === id)?.unit ?? '';
  const value = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (MONEY.has(key) && typeof v === 'number') return formatMoney(v, lang);
    if (key === 'decision') return decisionLabel(String(v));
    if (key === 'selfRating') return selfGradeLabel(String(v));
    if (key === 'status') return l(REVIEW_STATUS_LABELS[v as ReviewStatus]) || String(v);
    if (key === 'progress') return `${v}%`;
    if (EFFECTS.has(key) && typeof v === 'object') {
      const amounts = v as EffectAmounts;
      return (
        <ul data-testid={`payload-${key}`}>
          {EFFECT_PARTS.map((k) => (
            <li key={k}>{`${t(`effect.${k}`)}：${formatMoney(amounts[k], lang)}`}</li>
          ))}
          <li>{`${t('effect.net')}：${formatMoney(netEffect(amounts), lang)}`}</li>
        </ul>
      );
    }
    if (Array.isArray(v)) {
      return (
        <ul>
          {v.map((entry, i) => {
            if (entry && typeof entry === 'object') {
              const e = entry as Entry;
              const n = e.target ?? e.actual ?? e.value;
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in submission order
              return <li key={i}>{`${indicatorName(e.indicatorId)}：${String(n)}${unit(e.indicatorId)}`}</li>;
            }
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in submission order
            return <li key={i}>{String(entry)}</li>;
          })}
        </ul>
      );
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <dl className="payload">
      {Object.entries(payload)
        .filter(([key]) => key !== 'periodIndex' && key !== 'rates')
        .map(([key, v]) => (
          <div key={key}>
            <dt>{t(`payload.${key}`, { defaultValue: key })}</dt>
            <dd>{value(key, v)}</dd>
          </div>
        ))}
    </dl>
  );
}
