import { validateExternalOpinion, validateExternalRuling } from '@pdca/domain/external-review';
import type { LocalizedText } from '@pdca/domain/localized-text';
import { problem, type ValidationProblem } from '@pdca/domain/validation-problem';
import { type FormEvent, useState } from 'react';
import {
  type ExternalOpinion,
  type ExternalReview,
  type ExternalReviewItem,
  recordExternalRuling,
  submitExternalOpinion,
} from '../api/external-reviews';
import { formLabels } from '../forms/form-labels';
import { Outcome } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Choice, Field } from '../ui';

/** The city's result list (settings.externalReview.results, as the round answers it), in its order. */
function useResultOptions(review: ExternalReview) {
  const { l } = useI18n();
  return [...review.results]
    .sort((a, b) => a.order - b.order)
    .map((r) => ({ value: r.code, label: l(r.label) }));
}

/**
 * What is missing before sending, in plain words (the server checks it too): the choice by its
 * label (「評価区分（案）を選んでください。」), the text by libs/domain's own rule.
 */
function checkResultAndText(
  review: ExternalReview,
  body: { result: string },
  textProblems: readonly ValidationProblem[],
  resultLabel: LocalizedText,
): ValidationProblem[] {
  const chosen = review.results.some((r) => r.code === body.result);
  return [
    ...(chosen
      ? []
      : [
          problem('result', 'required', {
            ja: `${resultLabel.ja}を選んでください。`,
            en: `Choose the ${resultLabel.en}.`,
          }),
        ]),
    ...textProblems.filter((p) => p.field !== 'result'),
  ];
}

/** A result code and a text (意見 or 理由), the choice first: the two fields both forms are made of. */
function ResultAndText({
  prefix,
  review,
  result,
  text,
  onResult,
  onText,
  errors,
  resultLabel,
  textLabel,
  textField,
}: {
  prefix: string;
  review: ExternalReview;
  result: string;
  text: string;
  onResult: (code: string) => void;
  onText: (text: string) => void;
  errors: ReadonlyMap<string, string>;
  resultLabel: string;
  textLabel: string;
  textField: 'opinion' | 'reason';
}) {
  const options = useResultOptions(review);
  return (
    <>
      <Field id={`${prefix}-result`} label={resultLabel} error={errors.get('result')} required>
        {(aria) => <Choice aria={aria} value={result} options={options} empty="—" onChange={onResult} />}
      </Field>
      <Field id={`${prefix}-${textField}`} label={textLabel} error={errors.get(textField)} required>
        {(aria) => <textarea {...aria} rows={5} value={text} onChange={(ev) => onText(ev.target.value)} />}
      </Field>
    </>
  );
}

/**
 * A member's 意見 on one item with their 評価区分（案）. Until the chair rules on the item the member
 * may send it again (the latest replaces the earlier one); the server names each problem.
 */
export function OpinionForm({
  review,
  item,
  own,
}: {
  review: ExternalReview;
  item: ExternalReviewItem;
  own: ExternalOpinion | undefined;
}) {
  const { t, lang } = useI18n();
  const [opinion, setOpinion] = useState(own?.opinion ?? '');
  const [result, setResult] = useState(own?.result ?? '');
  const sub = useSubmission(
    (body: { itemId: string; opinion: string; result: string }) => submitExternalOpinion(review.id, body),
    ['opinion', 'result'],
    {
      labels: formLabels(t, [
        ['result', t('extReview.round.result')],
        ['opinion', t('extReview.round.opinion')],
      ]),
      check: (body) =>
        checkResultAndText(review, body, validateExternalOpinion(body, review.results), {
          ja: '評価区分（案）',
          en: 'proposed result',
        }),
    },
  );
  const prefix = `opinion-${item.itemId}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ itemId: item.itemId, opinion, result });
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${prefix}-title`}
      className="ext-form"
      data-testid="opinion-form"
    >
      <h3 id={`${prefix}-title`}>{t('extReview.round.ownOpinion')}</h3>
      {own && (
        <p className="hint" data-testid="opinion-given">
          {t('extReview.round.givenAt', { at: formatDateTime(own.submittedAt, lang) })}
          {t('extReview.round.replaceHint')}
        </p>
      )}
      <Outcome
        summary={sub.summary}
        unshown={sub.unshown}
        done={sub.done}
        success={t('extReview.round.opinionSent')}
        focus
      />
      <ResultAndText
        prefix={prefix}
        review={review}
        result={result}
        text={opinion}
        onResult={setResult}
        onText={setOpinion}
        errors={sub.errors}
        resultLabel={t('extReview.round.result')}
        textLabel={t('extReview.round.opinion')}
        textField="opinion"
      />
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="opinion">
          {sub.busy
            ? t('common.submitting')
            : own
              ? t('extReview.round.replaceOpinion')
              : t('extReview.round.submitOpinion')}
        </button>
      </div>
    </form>
  );
}

/** The chair's 委員会の評価 on one item: 結果 from the city's list and 理由; once, it cannot change. */
export function RulingForm({ review, item }: { review: ExternalReview; item: ExternalReviewItem }) {
  const { t, l } = useI18n();
  const [reason, setReason] = useState('');
  const [result, setResult] = useState('');
  // The checked ruling waiting for 「記録する」: it cannot be changed once recorded.
  const [confirming, setConfirming] = useState(false);
  const check = (body: { itemId: string; result: string; reason: string }) =>
    checkResultAndText(review, body, validateExternalRuling(body, review.results), {
      ja: '結果',
      en: 'result',
    });
  const sub = useSubmission(
    (body: { itemId: string; result: string; reason: string }) => recordExternalRuling(review.id, body),
    ['reason', 'result'],
    {
      labels: formLabels(t, [
        ['result', t('extReview.round.rulingResult')],
        ['reason', t('extReview.round.rulingReason')],
      ]),
      check,
    },
  );
  const prefix = `ruling-${item.itemId}`;
  const body = { itemId: item.itemId, result, reason };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A problem is shown by the submission (no request); a sound ruling is asked about first.
    if (check(body).length > 0) sub.submit(body);
    else {
      sub.reset();
      setConfirming(true);
    }
  };
  const chosen = review.results.find((r) => r.code === result);
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${prefix}-title`}
      className="ext-form ruling"
      data-testid="ruling-form"
    >
      <h3 id={`${prefix}-title`}>{t('extReview.round.recordRuling')}</h3>
      <p className="hint">{t('extReview.round.rulingHint')}</p>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={false} focus />
      <ResultAndText
        prefix={prefix}
        review={review}
        result={result}
        text={reason}
        onResult={setResult}
        onText={setReason}
        errors={sub.errors}
        resultLabel={t('extReview.round.rulingResult')}
        textLabel={t('extReview.round.rulingReason')}
        textField="reason"
      />
      {confirming ? (
        <fieldset className="alert warn ext-confirm" data-testid="ruling-confirm">
          <legend>{t('extReview.round.confirmTitle')}</legend>
          {item.opinionCount === 0 && (
            <p data-testid="ruling-no-opinions">{t('extReview.round.confirmNoOpinions')}</p>
          )}
          <p>
            {t('extReview.round.confirmRuling', {
              item: `${item.code} ${item.title}`,
              result: chosen ? l(chosen.label) : result,
            })}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={sub.busy}
              data-write="ruling"
              onClick={() => {
                setConfirming(false);
                sub.submit(body);
              }}
            >
              {sub.busy ? t('common.submitting') : t('extReview.round.confirmRecord')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('extReview.round.confirmCancel')}
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="actions">
          <button type="submit" disabled={sub.busy} data-write="ruling">
            {sub.busy ? t('common.submitting') : t('extReview.round.recordRuling')}
          </button>
        </div>
      )}
    </form>
  );
}
