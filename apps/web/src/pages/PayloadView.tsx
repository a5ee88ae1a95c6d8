import { type EffectAmounts, netEffect } from '@pdca/domain/fiscal-effects';
import { REVIEW_STATUS_LABELS, type ReviewStatus } from '@pdca/domain/validation';
import type { Item, SubmissionPayload } from '../api/queries';
import { useDecisionLabel, useGradeLabel } from '../api/settings';
import { COST_PARTS } from '../forms/CostFields';
import { EFFECT_PARTS } from '../forms/stage-forms';
import { useI18n } from '../i18n';
import { formatMoney, punct } from '../lib/format';

type Entry = Record<string, unknown>;

const MONEY = new Set(['budgetRequest', 'budgetProposal']);
/** 効果額 objects: the PLAN's target and the CHECK's actual. */
const EFFECTS = new Set(['effectTarget', 'effects']);

/** Values shown as `before → now` where they changed (money, numbers, choices, short text). */
const SCALAR = (v: unknown) => v === undefined || v === null || typeof v !== 'object';

/**
 * A submission as HQ and auditors read it: indicator names instead of ids, money formatted. With
 * `changes` (the previous round's value of each changed field), a changed field is marked and a
 * single value reads 「9,500千円 → 9,300千円」. The answer to a return is not listed: the pages
 * show it beside the comment it answers.
 */
export function PayloadView({
  payload,
  item,
  changes,
}: {
  payload: SubmissionPayload | null | undefined;
  item: Item | undefined;
  changes?: ReadonlyMap<string, unknown>;
}) {
  const { t, lang, l } = useI18n();
  const p = punct(lang);
  // The city's words for the decision and the grade (its plan's settings), else the code.
  const decisionLabel = useDecisionLabel(item?.planId);
  const selfGradeLabel = useGradeLabel(item?.planId, 'self');
  if (!payload) return <p>—</p>;
  // An indicator's name, never its id: "…" while the item loads, 「指標」/"Indicator" if it is gone.
  const indicatorName = (id: unknown) =>
    item ? (item.indicators.find((i) => i.id === id)?.name ?? t('payload.indicator')) : '…';
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
            <li key={k}>{`${t(`effect.${k}`)}${p.colon}${formatMoney(amounts[k], lang)}`}</li>
          ))}
          <li>{`${t('effect.net')}${p.colon}${formatMoney(netEffect(amounts), lang)}`}</li>
        </ul>
      );
    }
    if (key === 'costs' && typeof v === 'object') {
      const costs = v as Entry;
      return (
        <ul data-testid="payload-costs">
          {COST_PARTS.filter((k) => typeof costs[k] === 'number').map((k) => (
            <li key={k}>
              {`${t(`costs.${k}Short`)}${p.colon}${k === 'staffFte' ? String(costs[k]) : formatMoney(costs[k] as number, lang)}`}
            </li>
          ))}
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
              const text = `${indicatorName(e.indicatorId)}${p.colon}${String(n)}${unit(e.indicatorId)}`;
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in submission order
              return <li key={i}>{text}</li>;
            }
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in submission order
            return <li key={i}>{String(entry)}</li>;
          })}
        </ul>
      );
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const entries = Object.entries(payload).filter(
    ([key]) => key !== 'periodIndex' && key !== 'rates' && key !== 'returnAnswer',
  );
  // A field the previous round had and this one dropped is still a change to show.
  for (const key of changes?.keys() ?? []) {
    if (key !== 'returnAnswer' && !(key in payload)) entries.push([key, undefined]);
  }
  return (
    <dl className="payload">
      {entries.map(([key, v]) => {
        const changed = changes?.has(key) ?? false;
        const before = changes?.get(key);
        return (
          <div key={key} className={changed ? 'changed' : undefined} data-testid={`payload-field-${key}`}>
            <dt>
              {t(`payload.${key}`, { defaultValue: key })}
              {changed && <strong className="changed-mark">{p.paren(t('approvals.changed'))}</strong>}
            </dt>
            <dd>
              {changed && SCALAR(before) && SCALAR(v) ? (
                <>
                  <span className="was nowrap">{value(key, before)}</span>
                  {' → '}
                  <span className="nowrap">{value(key, v)}</span>
                </>
              ) : (
                value(key, v)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
