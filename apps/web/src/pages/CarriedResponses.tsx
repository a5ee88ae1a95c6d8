import { followUpProblems } from '@pdca/domain/external-response';
import { type FormEvent, useState } from 'react';
import { type CarriedResponse, saveFollowUp } from '../api/external-responses';
import type { Cycle } from '../api/queries';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { fiscalYearText, formatDate } from '../lib/format';
import { Field, FormMessage } from '../ui';
import { FollowUpText, ResponseRows, rulingResult } from './ExternalResponsePage';

/**
 * 外部評価への市の対応方針 on an item's cycle (#25): the approved responses of earlier years' review
 * rounds — the round, the 委員会の評価, 対応方針, 効果見込額, 実施時期 and 対応方針の実施状況. With
 * `editable` (the leader's CHECK evaluation) each response has its 対応方針の実施状況 field, saved by
 * its own button apart from the evaluation (the screen says so); otherwise it is read (HQ).
 */
export function CarriedResponses({ cycle, editable = false }: { cycle: Cycle; editable?: boolean }) {
  const { t, l, lang } = useI18n();
  if (cycle.externalResponses.length === 0) return null;
  return (
    <section className="card" aria-labelledby="carried-title" data-testid="carried-responses">
      <h2 id="carried-title">{t('extResponse.carried')}</h2>
      <p className="hint">{editable ? t('extResponse.carriedEdit') : t('extResponse.carriedIntro')}</p>
      {cycle.externalResponses.map((r) => (
        <article key={r.id} aria-labelledby={`carried-${r.id}`} data-testid="carried-response">
          <h3 id={`carried-${r.id}`}>{r.reviewTitle}</h3>
          <p className="meta">
            {t('extResponse.roundOf', {
              fy: l(fiscalYearText(r.fiscalYear)),
              at: formatDate(r.approvedAt, lang),
            })}
          </p>
          <dl className="payload">
            <div>
              <dt>{t('extResponse.ruling')}</dt>
              <dd>
                <strong data-testid="carried-ruling">{rulingResult(r.ruling, l)}</strong>
                {r.ruling.reason && (
                  <>
                    <br />
                    {r.ruling.reason}
                  </>
                )}
              </dd>
            </div>
            <ResponseRows response={r.response} expectedEffect={r.expectedEffect} timing={r.timing} />
            {!editable && (
              <div data-testid="carried-follow-up">
                <dt>{t('extResponse.followUp')}</dt>
                <dd>{r.followUp ? <FollowUpText followUp={r.followUp} /> : t('extResponse.followUpNone')}</dd>
              </div>
            )}
          </dl>
          {editable && <FollowUpForm response={r} fiscalYear={cycle.fiscalYear} />}
        </article>
      ))}
    </section>
  );
}

/** The leader's 対応方針の実施状況 for the cycle's year (PUT /external-responses/{id}/follow-up). */
function FollowUpForm({ response, fiscalYear }: { response: CarriedResponse; fiscalYear: number }) {
  const { t, l } = useI18n();
  const before = response.followUp;
  // This year's text to correct; one of an earlier year is shown, not carried into this year's.
  const [text, setText] = useState(before?.fiscalYear === fiscalYear ? before.text : '');
  const sub = useSubmission(
    (body: { fiscalYear: number; text: string }) => saveFollowUp(response.id, body),
    ['text', 'fiscalYear'],
    {
      labels: new Map([['text', t('extResponse.followUp')]]),
      check: (body) => followUpProblems(body.text),
    },
  );
  const id = `follow-up-${response.id}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ fiscalYear, text });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('extResponse.followUp')} data-testid="follow-up-form">
      {before && before.fiscalYear !== fiscalYear && (
        <div className="hint">
          <FollowUpText followUp={before} />
        </div>
      )}
      {/* One field: its problem is said next to it, not twice. */}
      <FormMessage
        error={sub.errors.has('text') ? null : sub.summary}
        extra={sub.unshown}
        success={
          sub.data
            ? sub.data.changed
              ? t('extResponse.followUpSaved')
              : t('extResponse.followUpSame')
            : undefined
        }
      />
      <Field
        id={id}
        label={t('extResponse.followUp')}
        hint={t('extResponse.followUpHint', { fy: l(fiscalYearText(fiscalYear)) })}
        error={sub.errors.get('text')}
        required
      >
        {(aria) => <textarea {...aria} rows={4} value={text} onChange={(ev) => setText(ev.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="follow-up">
          {sub.busy ? t('extResponse.saving') : t('extResponse.saveFollowUp')}
        </button>
      </div>
    </form>
  );
}
