import type { Stage } from '@pdca/domain/stages';
import {
  type ItemExtras,
  type PlanIndicator,
  type PlanNode,
  type PlanTree,
  type PlanTreeItem,
  useItemExtras,
  usePlanTree,
} from '../api/plans';
import { type Plan, usePlans } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatDate, type Lang, punct } from '../lib/format';
import { inCodeOrder } from '../lib/plan-order';
import { sourceTitle } from '../lib/source-title';
import { fiscalYearNow } from '../lib/working-year';
import { Link, navigate } from '../router';
import { FilterSelect, PageTitle, QueryView, StageBadge } from '../ui';
import { reportPath } from './charts/PlanChartsPanel';
import { EvaluationSheetButton, useSheetExportRule } from './EvaluationSheetLinks';
import { NodeOwner } from './NodeOwner';
import { TargetActualForm } from './TargetActualForm';
import { TargetSettingsForm } from './TargetSettingsForm';

/**
 * A plan as the city wrote it (#22): its levels in its own words (基本方針 → 改革項目, 方針 → 個別方針 →
 * 推進項目 …), each node with its texts and its own indicators (主要目標), and its items; an item
 * listed under a second node is marked 再掲 and points to where it is filed. Every role reads it.
 */
export default function PlanPage({ planId }: { planId?: string }) {
  const { t, lang } = useI18n();
  const plans = usePlans();
  return (
    <section>
      <PageTitle>{t('planTree.title')}</PageTitle>
      <QueryView query={plans}>
        {(list) => {
          if (list.length === 0) return <p>{t('planTree.none')}</p>;
          const shown = planId ?? list[0]!.id;
          return (
            <>
              <div className="filters">
                <FilterSelect
                  label={t('planTree.choose')}
                  value={shown}
                  options={list.map((p) => p.id)}
                  optionLabel={(id) => planLabel(list.find((p) => p.id === id)!, lang)}
                  onChange={(id) => navigate(`/plans/${id}`)}
                />
              </div>
              <PlanView planId={shown} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function planLabel(plan: Plan, lang: Lang): string {
  const period = periodOf(plan.periodStartFy, plan.periodEndFy, lang);
  return period ? `${plan.title}${punct(lang).paren(period)}` : plan.title;
}

function fiscalYear(fy: number, lang: Lang): string {
  return lang === 'ja' ? `${fy}年度` : `FY${fy}`;
}

function periodOf(start: number | null, end: number | null, lang: Lang): string {
  if (start === null && end === null) return '';
  return [start, end].map((fy) => (fy === null ? '' : fiscalYear(fy, lang))).join(lang === 'ja' ? '～' : '–');
}

function PlanView({ planId }: { planId: string }) {
  const plan = usePlanTree(planId);
  const extras = useItemExtras();
  return (
    <QueryView query={plan}>{(p) => <PlanDocument plan={p} extras={extras.data ?? new Map()} />}</QueryView>
  );
}

/** The year the plan's printable report opens on: this fiscal year, within the plan period. */
function reportYear(plan: Pick<PlanTree, 'periodStartFy' | 'periodEndFy'>): number {
  const now = fiscalYearNow();
  return Math.min(Math.max(now, plan.periodStartFy ?? now), plan.periodEndFy ?? now);
}

interface Context {
  plan: PlanTree;
  extras: ReadonlyMap<string, ItemExtras>;
}

function PlanDocument({ plan, extras }: { plan: PlanTree; extras: ReadonlyMap<string, ItemExtras> }) {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const period = periodOf(plan.periodStartFy, plan.periodEndFy, lang);
  const ctx: Context = { plan, extras };
  return (
    <article className="plan-document" data-testid="plan-document" aria-labelledby="plan-document-title">
      <h2 id="plan-document-title">{plan.title}</h2>
      <dl className="plan-facts">
        {period && (
          <div>
            <dt>{t('planTree.period')}</dt>
            <dd>{period}</dd>
          </div>
        )}
        <div>
          <dt>{t('planTree.levels')}</dt>
          <dd>
            <ol className="level-path" data-testid="plan-levels">
              {plan.levels.map((level) => (
                <li key={level.level}>{l(level.name)}</li>
              ))}
            </ol>
          </dd>
        </div>
        {sourceTitle(plan.source) && (
          <div>
            <dt>{t('planTree.source')}</dt>
            <dd className="plan-source">{sourceTitle(plan.source)}</dd>
          </div>
        )}
      </dl>
      <p>
        <Link to={reportPath(plan.id, reportYear(plan))}>{t('charts.report')}</Link>
      </p>
      {has('hq_admin', 'hq_approver', 'admin', 'auditor') && (
        <p>
          <Link to={`/plans/${plan.id}/editions`} data-testid="editions-link">
            {t('editions.link')}
          </Link>
        </p>
      )}
      {plan.indicators.length > 0 && (
        <section aria-labelledby="plan-indicators-title">
          <h3 id="plan-indicators-title">{t('planTree.planIndicators')}</h3>
          <IndicatorList indicators={plan.indicators} />
        </section>
      )}
      {/* HQ records the years' actuals of the plan's and its nodes' own indicators (主要目標). */}
      {has('hq_admin', 'admin') && (
        <>
          <TargetSettingsForm planId={plan.id} fiscalYear={reportYear(plan)} />
          <TargetActualForm planId={plan.id} fiscalYear={reportYear(plan)} />
        </>
      )}
      <h3>{t('planTree.structure')}</h3>
      {plan.nodes.length === 0 && plan.unassignedItems.length === 0 && <p>{t('planTree.empty')}</p>}
      <div className="plan-tree">
        {inCodeOrder(plan.nodes).map((node) => (
          <NodeView key={node.id} node={node} ctx={ctx} />
        ))}
      </div>
      {plan.unassignedItems.length > 0 && (
        <section aria-labelledby="plan-unassigned-title">
          <h3 id="plan-unassigned-title">{t('planTree.unassigned')}</h3>
          <ItemList items={plan.unassignedItems} nodeId={null} ctx={ctx} />
        </section>
      )}
    </article>
  );
}

/** One node, collapsible; a node made up for rows that named nothing on its level shows only its contents. */
function NodeView({ node, ctx }: { node: PlanNode; ctx: Context }) {
  const { l } = useI18n();
  const body = <NodeBody node={node} ctx={ctx} />;
  if (node.isDefault && node.level > 1)
    return (
      <div id={`node-${node.id}`} data-testid="plan-node" data-level={node.level} className="plan-node-flat">
        {body}
      </div>
    );
  return (
    <details
      open
      id={`node-${node.id}`}
      className={`plan-node level-${Math.min(node.level, 4)}`}
      data-testid="plan-node"
      data-level={node.level}
    >
      <summary>
        <span className="badge level-name" data-testid="level-name">
          {l(node.levelName)}
        </span>{' '}
        {!node.isDefault && <span className="node-code">{node.code}</span>}{' '}
        <span className="node-title">{node.title}</span>
      </summary>
      {body}
    </details>
  );
}

function NodeBody({ node, ctx }: { node: PlanNode; ctx: Context }) {
  const { t, l } = useI18n();
  const itemLevel = ctx.plan.levels.find((level) => level.isItem);
  const texts = (
    [
      ['description', node.description],
      ['vision', node.vision],
      ['background', node.background],
    ] as const
  ).filter(([, text]) => text.trim() !== '');
  return (
    <div className="node-body">
      {/* 施策評価: the node's 担当部長, for HQ's administrators (nothing when off or another level). */}
      <NodeOwner node={node} planId={ctx.plan.id} />
      {texts.length > 0 && (
        <dl className="node-texts">
          {texts.map(([key, text]) => (
            <div key={key} data-testid={`node-${key}`}>
              <dt>{t(`planTree.texts.${key}`)}</dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
      )}
      {node.indicators.length > 0 && (
        <div className="node-section">
          <p className="node-subhead">{t('planTree.indicators')}</p>
          <IndicatorList indicators={node.indicators} />
        </div>
      )}
      {node.items.length > 0 && (
        <div className="node-section">
          <p className="node-subhead">
            {itemLevel ? l(itemLevel.name) : t('common.item')}
            <span className="count">{node.items.length}</span>
          </p>
          <ItemList items={node.items} nodeId={node.id} ctx={ctx} />
        </div>
      )}
      {inCodeOrder(node.children).map((child) => (
        <NodeView key={child.id} node={child} ctx={ctx} />
      ))}
    </div>
  );
}

function IndicatorList({ indicators }: { indicators: PlanIndicator[] }) {
  const { t, lang } = useI18n();
  const value = (n: number | null, unit: string) =>
    n === null
      ? '—'
      : `${new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n)}${unit ? ` ${unit}` : ''}`;
  return (
    <ul className="plan-indicators">
      {indicators.map((indicator) => {
        const years = Object.entries(indicator.targets).sort(([a], [b]) => Number(a) - Number(b));
        return (
          <li key={indicator.id} data-testid="plan-indicator">
            <span className="indicator-name">{indicator.name}</span>
            {indicator.kind && <span className="badge kind">{t(`planTree.kind.${indicator.kind}`)}</span>}
            <dl className="indicator-facts">
              <div>
                <dt>{t('plan.unit')}</dt>
                <dd>{indicator.unit || '—'}</dd>
              </div>
              <div>
                <dt>{t('plan.baseline')}</dt>
                <dd>{value(indicator.baseline, indicator.unit)}</dd>
              </div>
              <div>
                <dt>{t('planTree.targets')}</dt>
                <dd>
                  {years.length > 0
                    ? years
                        .map(([fy, n]) => `${fiscalYear(Number(fy), lang)} ${value(n, indicator.unit)}`)
                        .join(lang === 'ja' ? '、' : ', ')
                    : value(indicator.target, indicator.unit)}
                </dd>
              </div>
              <div>
                <dt>{t('plan.direction')}</dt>
                <dd>{t(`plan.${indicator.direction}`)}</dd>
              </div>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

/** Where the item's page is for this user: HQ's cycle page, else the item's history; none for the others. */
function useItemLink(): (item: PlanTreeItem) => string | null {
  const { has } = useAuth();
  return (item) =>
    has('hq_admin', 'admin') && item.currentCycle
      ? `/admin/cycles/${item.currentCycle.id}`
      : has('auditor', 'hq_admin', 'admin')
        ? `/audit/items/${item.id}`
        : null;
}

function ItemList({ items, nodeId, ctx }: { items: PlanTreeItem[]; nodeId: string | null; ctx: Context }) {
  const { t, lang } = useI18n();
  const linkOf = useItemLink();
  // 評価シート by the API's rule: HQ, admins and auditors for every item, a leader for their groups' items.
  const maySheet = useSheetExportRule();
  const sep = punct(lang);
  return (
    <ul className="plan-items">
      {items.map((item) => {
        const primary = item.parents.find((p) => p.isPrimary);
        const repeated = nodeId !== null && primary !== undefined && primary.nodeId !== nodeId;
        const alsoUnder = item.parents.filter((p) => !p.isPrimary && p.nodeId !== nodeId);
        const { summary = '', removal = null } = ctx.extras.get(item.id) ?? {};
        const link = linkOf(item);
        return (
          <li
            key={item.id}
            id={repeated ? undefined : `item-${item.id}`}
            data-testid="plan-item"
            data-repeat={repeated ? 'true' : undefined}
            data-removed={removal ? 'true' : undefined}
            className={removal ? 'removed' : undefined}
          >
            <div className="item-line">
              <span className="code">{item.code}</span>{' '}
              {link ? <Link to={link}>{item.title}</Link> : <span>{item.title}</span>}{' '}
              {repeated && (
                <span className="badge repeat" data-testid="repeat-mark">
                  {t('planTree.repeat')}
                </span>
              )}{' '}
              {removal && <span className="badge danger">{t('audit.removed')}</span>}
            </div>
            <div className="meta">
              {item.workingGroup && (
                <span>
                  {t('planTree.workingGroup')}
                  {sep.colon}
                  {item.workingGroup.name}
                </span>
              )}
              {item.currentCycle && !removal && (
                <span>
                  {fiscalYear(item.currentCycle.fiscalYear, lang)}{' '}
                  <StageBadge stage={item.currentCycle.stage as Stage} />
                </span>
              )}
              {item.currentCycle && maySheet(item.workingGroup?.leaderUserId) && !repeated && (
                <EvaluationSheetButton
                  itemId={item.id}
                  itemCode={item.code}
                  itemTitle={item.title}
                  fiscalYear={item.currentCycle.fiscalYear}
                />
              )}
              {removal && (
                <span>{t('planTree.removedOn', { date: formatDate(removal.removedAt, lang) })}</span>
              )}
              {repeated && primary && (
                <span>
                  {t('planTree.filedUnder')}
                  {sep.colon}
                  <a href={`#item-${item.id}`}>
                    {primary.code} {primary.title}
                  </a>
                </span>
              )}
              {!repeated && alsoUnder.length > 0 && (
                <span>
                  {t('planTree.alsoUnder')}
                  {sep.colon}
                  {alsoUnder.map((p, i) => (
                    <span key={p.nodeId}>
                      {i > 0 && (lang === 'ja' ? '、' : ', ')}
                      <a href={`#node-${p.nodeId}`} title={p.title}>
                        {p.code}
                      </a>
                    </span>
                  ))}
                </span>
              )}
            </div>
            {summary.trim() !== '' && !repeated && (
              <details className="item-summary">
                <summary>{t('planTree.itemSummary')}</summary>
                <p>{summary}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
