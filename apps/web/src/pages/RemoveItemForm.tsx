import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Item } from '../api/queries';
import { ReasonForm } from '../forms/ReasonForm';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatDateTime, formatFiscalYear, punct } from '../lib/format';
import { ConfirmBox } from '../ui';

const ENDED = new Set(['closed', 'withdrawn', 'completed']);

/** Shown to everyone once HQ removed the item: when, who, why. */
export function ItemRemovedNotice({ item }: { item: Item }) {
  const { t, lang } = useI18n();
  if (!item.removal) return null;
  const { removedAt, removedBy, reason } = item.removal;
  return (
    <div className="alert info" role="status" data-testid="item-removed">
      <p>
        <strong>{t('audit.removed')}</strong>{' '}
        {t('audit.removedLine', { date: formatDateTime(removedAt, lang), by: removedBy?.displayName ?? '—' })}
      </p>
      <blockquote className="why">{reason}</blockquote>
    </div>
  );
}

/**
 * HQ removes the item from its plan: a required reason, then a confirmation (what happens to its
 * cycles), then the request. Cycles the server could not discontinue are listed, and sending the
 * request again (safe: nothing is written twice) retries them.
 */
export function RemoveItemForm({ item }: { item: Item }) {
  const { t, lang } = useI18n();
  const [pending, setPending] = useState<string | null>(null);
  const sub = useSubmission(
    (body: { reason: string }) =>
      unwrap(api.POST('/api/v1/items/{itemId}/removal', { params: { path: { itemId: item.id } }, body })),
    ['reason'],
  );
  const failed = sub.data?.cyclesFailed ?? [];
  const stillRunning = !!item.removal && !!item.currentCycle && !ENDED.has(item.currentCycle.status);
  const send = (reason: string) => {
    setPending(null);
    sub.submit({ reason });
  };

  if (item.removal) {
    if (!stillRunning && failed.length === 0) return null;
    return (
      <section className="card danger-zone" aria-labelledby="remove-retry-title">
        <h2 id="remove-retry-title">{t('audit.remove')}</h2>
        {failed.length > 0 && (
          <div role="alert" className="alert error">
            <p>{t('audit.removeFailed')}</p>
            <ul>
              {failed.map((f) => (
                <li key={f.cycleId}>
                  {formatFiscalYear(f.fiscalYear, lang)}
                  {punct(lang).colon}
                  {lang === 'ja' ? f.messageJa : f.messageEn}
                </li>
              ))}
            </ul>
          </div>
        )}
        <button
          type="button"
          className="danger"
          disabled={sub.busy}
          onClick={() => send(item.removal!.reason)}
        >
          {t('audit.removeRetry')}
        </button>
      </section>
    );
  }

  return (
    <>
      <ReasonForm
        sub={sub}
        // An empty reason goes straight to the server, whose 400 names the field.
        onSubmit={(reason) => (reason.trim() ? setPending(reason) : send(reason))}
        id="remove-item"
        heading={t('audit.remove')}
        hint={t('audit.removeHint')}
        reasonLabel={t('audit.removeReason')}
        submitLabel={t('audit.removeSubmit')}
        write="remove-item"
        multiline
        className="card danger-zone"
        danger
      />
      {pending !== null && (
        <ConfirmBox
          question={t('audit.removeConfirm', { code: item.code, title: item.title })}
          yes={t('audit.removeConfirmYes')}
          no={t('audit.removeConfirmNo')}
          onYes={() => send(pending)}
          onNo={() => setPending(null)}
          write="remove-item"
          className="card danger-zone"
          danger
        />
      )}
    </>
  );
}
