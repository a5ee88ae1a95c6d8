import { type LocalizedText, reportFiscalYear } from '@pdca/domain';
import { DEFAULT_EXTERNAL_REVIEW_RESULTS } from '@pdca/domain/external-review-settings';
import { formatMoney } from '@pdca/domain/format';
import { amount, dayAndTime, inWords, isRecord, recordedLabel, reminderKeyLabel, text } from './ledger-words';
import { describeVerificationAction } from './verification-ledger-labels';

/**
 * 外部評価's ledger entries (#25) in words — the review round (external_review.*) and the city's
 * response to a ruling (external_response.*): 「令和8年度（2026年度）の外部評価「…」の対象に選定（…）」,
 * 「意見を提出（評価区分（案） 見直し）」, 「委員会の評価を記録（見直し）」, 「市の対応方針を提出（効果見込額
 * 3,600千円）」. Never a text a person wrote (意見, 理由, 対応方針, 実施状況): the sentence goes into
 * exports and mails' neighbours; the entry's comment and the app show the texts to those who may
 * read them. Null for any other action (ledger-labels.ts describes those).
 */
export function describeExternalAction(action: string, p: Record<string, unknown>): LocalizedText | null {
  if (action.startsWith('external_review.')) return describeReview(action, p);
  if (action.startsWith('external_response.')) return describeResponse(action, p);
  // 事業検証 (#26) is decided like a 市の対応方針: its sentences live beside these.
  if (action.startsWith('verification.')) return describeVerificationAction(action, p);
  return null;
}

function describeReview(action: string, p: Record<string, unknown>): LocalizedText | null {
  switch (action) {
    case 'external_review.created': {
      const fy = fiscalYear(p);
      const title = text(p.title);
      const items = count(p.itemIds);
      const members = count(p.memberUserIds);
      const due = inWords(text(p.dueAt), dayAndTime);
      const round = title
        ? { ja: `外部評価「${title}」`, en: `review round “${title}”` }
        : { ja: '外部評価', en: 'review round' };
      return {
        ja: `${fy ? `${fy.ja}の` : ''}${round.ja}の対象に選定（改革項目${items}件・委員${members}名・期限 ${due.ja}）`,
        en: `chosen for the ${round.en}${fy ? ` of ${fy.en}` : ''} (${items} item(s), ${members} external reviewer(s), due ${due.en})`,
      };
    }
    case 'external_review.opinion_submitted': {
      const result = resultLabel(p.result, p.resultLabel);
      const revision = typeof p.revision === 'number' && p.revision > 1 ? p.revision : null;
      const notesJa = [`評価区分（案） ${result.ja}`, ...(revision ? [`第${revision}版`] : [])].join('・');
      const notesEn = [`proposed result: ${result.en}`, ...(revision ? [`version ${revision}`] : [])].join(
        ', ',
      );
      return revision
        ? { ja: `意見を差し替え（${notesJa}）`, en: `opinion replaced (${notesEn})` }
        : { ja: `意見を提出（${notesJa}）`, en: `opinion submitted (${notesEn})` };
    }
    case 'external_review.ruled': {
      const result = resultLabel(p.result, p.resultLabel);
      const all = p.roundRuled === true;
      return {
        ja: `委員会の評価を記録（${result.ja}${all ? '・全項目の評価完了' : ''}）`,
        en: `committee ruling recorded (${result.en}${all ? '; every item of the round ruled' : ''})`,
      };
    }
    case 'external_review.reminder_sent': {
      const key = reminderKeyLabel(p.reminderKey);
      const missing = count(p.missing);
      return {
        ja: `外部評価の意見提出のリマインダー送信（${key.ja}・未提出の委員${missing}名）`,
        en: `reminder sent for the review round’s opinions (${key.en}, ${missing} external reviewer(s) missing)`,
      };
    }
    case 'external_review.escalated': {
      const missing = count(p.missing);
      return {
        ja: `外部評価の意見提出の期限超過を委員長と本部へエスカレーション（未提出の委員${missing}名）`,
        en: `review round’s opinions overdue, escalated to the chair and HQ (${missing} external reviewer(s) missing)`,
      };
    }
    default:
      return null;
  }
}

function describeResponse(action: string, p: Record<string, unknown>): LocalizedText | null {
  const what = { ja: '市の対応方針', en: 'city’s response' };
  const round = typeof p.round === 'number' && p.round > 1 ? p.round : null;
  switch (action) {
    case 'external_response.opened': {
      const ruling = isRecord(p.ruling) ? p.ruling : {};
      const result = resultLabel(ruling.result, ruling.resultLabel);
      const due = inWords(text(p.dueAt), dayAndTime);
      return {
        ja: `${what.ja}の作成を受付開始（委員会の評価 ${result.ja}・期限 ${due.ja}）`,
        en: `${what.en} opened (committee ruling: ${result.en}, due ${due.en})`,
      };
    }
    case 'external_response.reminder': {
      const key = reminderKeyLabel(p.reminderKey);
      return {
        ja: `${what.ja}のリマインダー送信（${key.ja}）`,
        en: `reminder sent for the ${what.en} (${key.en})`,
      };
    }
    case 'external_response.escalated':
      return {
        ja: `${what.ja}の期限超過を本部へエスカレーション`,
        en: `${what.en} overdue, escalated to HQ`,
      };
    case 'external_response.submitted': {
      const submission = isRecord(p.submission) ? p.submission : {};
      const effect = amount(submission.expectedEffect);
      const notesJa = [
        ...(round ? [`第${round}回`] : []),
        ...(effect !== null ? [`効果見込額 ${formatMoney(effect, 'ja')}`] : []),
      ];
      const notesEn = [
        ...(round ? [`round ${round}`] : []),
        ...(effect !== null ? [`expected effect ${formatMoney(effect, 'en')}`] : []),
      ];
      return {
        ja: `${what.ja}を${round ? '再提出' : '提出'}${notesJa.length ? `（${notesJa.join('・')}）` : ''}`,
        en: `${what.en} ${round ? 'resubmitted' : 'submitted'}${notesEn.length ? ` (${notesEn.join(', ')})` : ''}`,
      };
    }
    case 'external_response.approved':
      // An approval that hands the response to the chain's next step is not yet the city's answer.
      return typeof p.nextStep === 'string'
        ? {
            ja: `${what.ja}を承認（次の承認段階へ）`,
            en: `${what.en} approved (on to the next approval step)`,
          }
        : { ja: `${what.ja}を承認（決定）`, en: `${what.en} approved (final)` };
    case 'external_response.returned':
      return { ja: `${what.ja}を差戻し`, en: `${what.en} returned` };
    case 'external_response.follow_up': {
      const after = isRecord(p.after) ? p.after : {};
      const fy = typeof after.fiscalYear === 'number' ? reportFiscalYear(after.fiscalYear) : null;
      const corrected = isRecord(p.before) && typeof p.before.text === 'string';
      return {
        ja: `対応方針の実施状況を${corrected ? '訂正' : '記入'}${fy ? `（${fy.ja}）` : ''}`,
        en: `follow-up ${corrected ? 'corrected' : 'recorded'}${fy ? ` (${fy.en})` : ''}`,
      };
    }
    default:
      return null;
  }
}

function fiscalYear(p: Record<string, unknown>): LocalizedText | null {
  return typeof p.fiscalYear === 'number' ? reportFiscalYear(p.fiscalYear) : null;
}

const count = (value: unknown) => (Array.isArray(value) ? value.length : '?');

/**
 * The committee's result (評価区分) in words: the label recorded with the entry (rulings carry it),
 * else the product's default list, else the code (a city's own code on an opinion, whose entry
 * records only the code).
 */
function resultLabel(code: unknown, recorded?: unknown): LocalizedText {
  const label = recordedLabel(recorded);
  if (label) return label;
  const known = DEFAULT_EXTERNAL_REVIEW_RESULTS.find((r) => r.code === code);
  return known ? known.label : { ja: String(code ?? '?'), en: String(code ?? '?') };
}
