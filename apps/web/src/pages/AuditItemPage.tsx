import { ROLE_LABELS, type Role } from '@pdca/domain/stages';
import { ApiError } from '../api/client';
import { useItem, useItemHistory } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatDateTime, formatFiscalYear, punct } from '../lib/format';
import { fiscalYearNow } from '../lib/working-year';
import { Link } from '../router';
import { BackLink, PageTitle, QueryView } from '../ui';
import { ExportButton } from './AuditPage';
import { EvaluationSheetLinks, useMayExportSheet } from './EvaluationSheetLinks';
import { ItemRemovedNotice, RemoveItemForm } from './RemoveItemForm';

/**
 * An item's history across fiscal years: who, in which role, what, when and why. Once HQ removed
 * the item it says so (when, who, why); HQ administrators remove it here.
 */
export default function AuditItemPage({ itemId }: { itemId: string }) {
  const { t, lang, l } = useI18n();
  const { has } = useAuth();
  const history = useItemHistory(itemId);
  const item = useItem(itemId);
  const maySheet = useMayExportSheet(item.data?.workingGroup?.leaderUserId);
  // An 外部評価委員 (#25) reads the timeline of an item under review, and exports nothing.
  const reviewer = has('external_reviewer');
  // An item outside their rounds is refused: say why, not 「読み込めませんでした」.
  const refused = history.error instanceof ApiError && history.error.status === 403;
  return (
    <section>
      <BackLink to={reviewer ? '/external-reviews' : '/audit'} />
      {refused ? (
        <div className="alert info" role="status" data-testid="history-refused">
          <p>{t(reviewer ? 'audit.notReviewed' : 'errors.forbidden')}</p>
        </div>
      ) : (
        <QueryView query={history}>
          {(h) => (
            <>
              <PageTitle>
                {h.itemCode} {h.itemTitle}
              </PageTitle>
              <p>{h.cycles.map((c) => formatFiscalYear(c.fiscalYear, lang)).join('・')}</p>
              {item.data && <ItemRemovedNotice item={item.data} />}
              {!reviewer && (
                <div className="actions">
                  <ExportButton
                    query={`&itemId=${encodeURIComponent(itemId)}`}
                    label={t('audit.exportItem')}
                    name={`audit-${h.itemCode}.csv`}
                  />
                  <Link to={`/items/${itemId}/budgets`}>{t('budgetChain.toItem')}</Link>
                </div>
              )}
              {maySheet && (
                <EvaluationSheetLinks
                  itemId={itemId}
                  itemCode={h.itemCode}
                  // An item without a cycle yet: this fiscal year (its plan's targets).
                  years={h.cycles.length > 0 ? h.cycles.map((c) => c.fiscalYear) : [fiscalYearNow()]}
                />
              )}
              <h2>{t('audit.timeline')}</h2>
              <ol className="timeline" data-testid="timeline">
                {h.entries
                  .filter((e) => e.source === 'ledger')
                  .map((e) => {
                    const label = lang === 'ja' ? e.labelJa : e.labelEn;
                    // The ledger's label names who acted already (「計画を提出 — 改革 リーダー（WGリーダー）」,
                    // "… by 改革 リーダー (Working-group leader)"): the actor is said once, apart only when it does not.
                    const named =
                      e.actor?.type === 'system' ||
                      (!!e.actor?.displayName && label.includes(e.actor.displayName));
                    return (
                      <li
                        key={`${e.source}-${e.ledger?.seq ?? e.temporal?.eventId}-${e.kind}`}
                        data-kind={e.kind}
                      >
                        <div className="when">
                          {formatDateTime(e.at, lang)}
                          {e.fiscalYear && <span className="fy">{formatFiscalYear(e.fiscalYear, lang)}</span>}
                        </div>
                        <div className="what">{label}</div>
                        {!named && (
                          <div className="who">
                            {e.actor?.displayName ?? '—'}
                            {e.actor?.role &&
                              punct(lang).paren(l(ROLE_LABELS[e.actor.role as Role]) || e.actor.role)}
                          </div>
                        )}
                        {e.comment && <blockquote className="why">{e.comment}</blockquote>}
                      </li>
                    );
                  })}
              </ol>
              {item.data && has('hq_admin', 'admin') && <RemoveItemForm item={item.data} />}
            </>
          )}
        </QueryView>
      )}
    </section>
  );
}
