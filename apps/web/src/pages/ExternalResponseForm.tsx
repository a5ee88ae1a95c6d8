import { problem } from '@pdca/domain/validation-problem';
import { type FormEvent, useState } from 'react';
import {
  type ExternalResponse,
  type ExternalResponseBody,
  submitExternalResponse,
} from '../api/external-responses';
import { moneyInput } from '../forms/field-errors';
import { formLabels } from '../forms/form-labels';
import { MoneyInput, Outcome, ReturnAnswerField, returnAnswerField, SubmitBar } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatMoney } from '../lib/format';
import { Field } from '../ui';

/**
 * The item's leader writes the 市の対応方針 to the committee's ruling (#25): 対応方針, 効果見込額 in
 * yen (optional; typed as a budget sheet writes it, 3,600千円, and read back), 実施時期; on a
 * resubmission the 差戻しへの回答. The server checks it and each problem stands next to its field; a
 * resubmission starts from what was sent.
 */
export function ExternalResponseForm({
  response,
  onSubmitted,
}: {
  response: ExternalResponse;
  onSubmitted: () => void;
}) {
  const { t, lang } = useI18n();
  const previous = response.submission;
  const resubmit = response.status === 'returned';
  const [text, setText] = useState(previous?.response ?? '');
  // What was sent, as the field reads it back (3,600千円), not the raw yen.
  const [effect, setEffect] = useState(
    previous?.expectedEffect == null ? '' : formatMoney(previous.expectedEffect, lang),
  );
  const [timing, setTiming] = useState(previous?.timing ?? '');
  // Each resubmission answers its own return: not carried over from the previous round.
  const [returnAnswer, setReturnAnswer] = useState('');
  const sub = useSubmission(
    async (body: ExternalResponseBody) => {
      const answer = await submitExternalResponse(response.id, body);
      onSubmitted();
      return answer;
    },
    ['response', 'expectedEffect', 'timing', 'returnAnswer'],
    {
      labels: formLabels(t, [
        ['response', t('extResponse.response')],
        ['expectedEffect', t('extResponse.expectedEffect')],
        ['timing', t('extResponse.timing')],
      ]),
      check: (body) =>
        typeof body.expectedEffect === 'number' && body.expectedEffect < 0
          ? [
              problem('expectedEffect', 'min', {
                ja: '効果見込額は0円以上で入力してください（マイナスにはできません）。',
                en: 'Enter the expected effect as 0 yen or more (it cannot be negative).',
              }),
            ]
          : [],
    },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const amount = moneyInput(effect);
    sub.submit({
      response: text,
      // An empty amount is left out: the response need not save anything countable.
      ...(amount === null ? {} : { expectedEffect: amount }),
      timing,
      ...returnAnswerField(resubmit, returnAnswer),
    });
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="response-form-title"
      className="card policy-form"
      data-testid="response-form"
    >
      <h2 id="response-form-title">{t('extResponse.formTitle')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      {resubmit && (
        <ReturnAnswerField value={returnAnswer} onChange={setReturnAnswer} error={e.get('returnAnswer')} />
      )}
      <Field
        id="response"
        label={t('extResponse.response')}
        hint={t('extResponse.responseHint')}
        error={e.get('response')}
        required
      >
        {(aria) => <textarea {...aria} rows={6} value={text} onChange={(ev) => setText(ev.target.value)} />}
      </Field>
      <Field
        id="expectedEffect"
        label={t('extResponse.expectedEffectYen')}
        hint={t('extResponse.expectedEffectHint')}
        error={e.get('expectedEffect')}
      >
        {(aria) => <MoneyInput aria={aria} value={effect} onChange={setEffect} />}
      </Field>
      <Field
        id="timing"
        label={t('extResponse.timing')}
        hint={t('extResponse.timingHint')}
        error={e.get('timing')}
        required
      >
        {(aria) => <input {...aria} value={timing} onChange={(ev) => setTiming(ev.target.value)} />}
      </Field>
      <SubmitBar busy={sub.busy} resubmit={resubmit} />
    </form>
  );
}
