/**
 * 外部評価報告書 (#25): one review round of the city's external committee, as cities publish it
 * (平塚市 行政改革推進委員会, 宝塚市 外部評価) — per item the members' 意見 with their 評価区分（案）, the
 * committee's ruling with its reason, and 市の対応方針 with its 効果見込額 and 実施時期 once HQ approved
 * it. Built as the 評価シート's model (headed blocks) so that sheet's renderers draw it: the A4 print
 * page and the styled Excel sheet a clerk can edit, in one language, Japanese by default.
 */
import type { LocalizedText } from '@pdca/domain';
import { EXTERNAL_REVIEW_STATUS_LABELS, ROUND_NUMBER_IN_TITLE } from '@pdca/domain/external-review';
import type {
  ExternalReviewReportData,
  ReportItem,
} from '@pdca/persistence/repositories/external-review-report.repository';
import { sheetModelHtml } from './evaluation-sheet';
import {
  fiscalYearText,
  parenthesised,
  type SheetLang,
  type SheetValue,
  sheetDate,
} from './evaluation-sheet-format';
import type {
  EvaluationSheetOptions,
  FieldBlock,
  GridBlock,
  SheetField,
  SheetModel,
} from './evaluation-sheet-model';
import { sheetModelXlsx } from './evaluation-sheet-xlsx';

export const EXTERNAL_REVIEW_WORDS = {
  report: { ja: '外部評価報告書', en: 'External review report' },
  round: { ja: '外部評価', en: 'Review round' },
  title: { ja: '名称', en: 'Title' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  members: { ja: '外部評価委員', en: 'External reviewers' },
  chair: { ja: '委員長', en: 'Chair' },
  itemCount: { ja: '対象の改革項目', en: 'Items reviewed' },
  dueAt: { ja: '意見の期限', en: 'Opinions due' },
  status: { ja: '状況', en: 'Status' },
  opinions: { ja: '委員の意見', en: 'Opinions of the members' },
  member: { ja: '委員', en: 'Member' },
  proposed: { ja: '評価区分（案）', en: 'Proposed result' },
  opinion: { ja: '意見', en: 'Opinion' },
  noOpinion: { ja: '意見はありません。', en: 'No opinion.' },
  ruling: { ja: '委員会の評価', en: 'Committee ruling' },
  rulingReason: { ja: '評価の理由', en: 'Reason' },
  notRuled: { ja: '未評価', en: 'Not yet ruled' },
  response: { ja: '市の対応方針', en: 'City’s response' },
  responseText: { ja: '対応方針', en: 'Response' },
  expectedEffect: { ja: '効果見込額', en: 'Expected effect' },
  timing: { ja: '実施時期', en: 'Timing' },
  approved: { ja: '承認済み', en: 'Approved' },
  notApproved: { ja: '未承認', en: 'Not yet approved' },
  beforeRuling: { ja: '委員会の評価前', en: 'Before the committee’s ruling' },
  publication: { ja: '公表用', en: 'for publication' },
} satisfies Record<string, LocalizedText>;

const W = EXTERNAL_REVIEW_WORDS;
const text = (value: string | null | undefined): SheetValue => (value?.trim() ? { text: value } : null);

/** 第2回 / No. 2. */
export function roundOrdinal(ordinal: number, lang: SheetLang): string {
  return lang === 'ja' ? `第${ordinal}回` : `No. ${ordinal}`;
}

/**
 * The round under the report's title: its title as the city wrote it, after 第n回 only when the
 * title does not number it already (「令和8年度 外部評価（第2回）」 stays as it is).
 */
export function roundHeading(title: string, ordinal: number, lang: SheetLang): string {
  return ROUND_NUMBER_IN_TITLE.test(title) ? title : `${roundOrdinal(ordinal, lang)} ${title}`;
}

/** A member as the report names them: by name, or 委員A, 委員B … when names are left out. */
function memberLabel(index: number, name: string, named: boolean, lang: SheetLang): string {
  if (named) return name;
  const letter = index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
  return lang === 'ja' ? `${W.member.ja}${letter}` : `${W.member.en} ${letter}`;
}

/** Whether the report names the members: always for the city's own use, for publication only if the city chose so. */
export function namesMembers(data: ExternalReviewReportData, options: EvaluationSheetOptions): boolean {
  return !options.publication || data.publishMemberNames;
}

/** The report's blocks in one language. */
export function externalReviewReportModel(
  data: ExternalReviewReportData,
  options: EvaluationSheetOptions,
): SheetModel {
  const lang = options.lang ?? 'ja';
  const named = namesMembers(data, options);
  const { review } = data;
  const resultLabel = (code: string) => data.results.find((r) => r.code === code)?.label[lang] ?? code;
  const memberIndex = new Map(data.members.map((m, i) => [m.userId, i]));
  const block = (key: string, heading: string, fields: SheetField[]): FieldBlock => ({
    kind: 'fields',
    key,
    heading,
    fields,
  });
  const chair = data.members.find((m) => m.chair);
  // The year heads the report; 名称 is the title as written, 第n回 added above only where it lacks one.
  const roundName = roundHeading(review.title, review.ordinal, lang);
  const fy = fiscalYearText(review.fiscalYear, lang);
  const summary: SheetField[] = [
    { key: 'title', label: W.title[lang], value: text(review.title) },
    { key: 'fiscalYear', label: W.fiscalYear[lang], value: text(fy) },
    {
      key: 'members',
      label: W.members[lang],
      value: text(
        named
          ? data.members.map((m) => m.name).join(lang === 'ja' ? '、' : ', ')
          : lang === 'ja'
            ? `${data.members.length}名`
            : `${data.members.length}`,
      ),
    },
    ...(named && chair ? [{ key: 'chair', label: W.chair[lang], value: text(chair.name) }] : []),
    { key: 'itemCount', label: W.itemCount[lang], value: { number: data.items.length } },
    { key: 'dueAt', label: W.dueAt[lang], value: text(sheetDate(review.dueAt, lang)) },
    { key: 'status', label: W.status[lang], value: text(EXTERNAL_REVIEW_STATUS_LABELS[review.status][lang]) },
  ];
  const itemBlocks = data.items.flatMap((item, index) => {
    const opinions: GridBlock = {
      kind: 'grid',
      key: `opinions${index}`,
      heading: `${W.opinions[lang]}${parenthesised(item.code, lang)}`,
      corner: W.member[lang],
      columns: [
        { key: 'result', label: W.proposed[lang] },
        { key: 'opinion', label: W.opinion[lang] },
      ],
      rows: item.opinions.map((o) => {
        const at = memberIndex.get(o.memberUserId) ?? 0;
        return {
          key: `member${at}`,
          label: memberLabel(at, o.memberName, named, lang),
          values: [text(resultLabel(o.result)), text(o.opinion)],
        };
      }),
      empty: W.noOpinion[lang],
    };
    return [
      block(`item${index}`, `${item.code} ${item.title}`, rulingFields(item, resultLabel, lang)),
      opinions,
      block(
        `response${index}`,
        `${W.response[lang]}${parenthesised(item.code, lang)}`,
        responseFields(item, lang),
      ),
    ];
  });
  const title = lang === 'ja' ? `${W.report.ja} ${fy}` : `${W.report.en}, ${fy}`;
  return {
    lang,
    title,
    runningHead: roundName,
    code: roundOrdinal(review.ordinal, lang),
    subtitle: [
      data.tenantName,
      roundName,
      ...(options.publication ? [parenthesised(W.publication[lang], lang).trim()] : []),
    ],
    blocks: [block('round', W.round[lang], summary), ...itemBlocks],
  };
}

function rulingFields(
  item: ReportItem,
  resultLabel: (code: string) => string,
  lang: SheetLang,
): SheetField[] {
  return [
    {
      key: 'ruling',
      label: W.ruling[lang],
      value: text(item.ruling ? resultLabel(item.ruling.result) : W.notRuled[lang]),
    },
    { key: 'rulingReason', label: W.rulingReason[lang], value: text(item.ruling?.reason) },
  ];
}

/**
 * 市の対応方針: its texts once approved; otherwise 未承認 and nothing else — or 委員会の評価前 while
 * the committee has not ruled, since no response is asked for before its ruling.
 */
function responseFields(item: ReportItem, lang: SheetLang): SheetField[] {
  const response = item.response;
  const approved = response?.status === 'approved';
  const status = approved ? W.approved : item.ruling ? W.notApproved : W.beforeRuling;
  return [
    { key: 'responseStatus', label: W.status[lang], value: text(status[lang]) },
    { key: 'response', label: W.responseText[lang], value: approved ? text(response.response) : null },
    {
      key: 'expectedEffect',
      label: W.expectedEffect[lang],
      value: approved && response.expectedEffect !== null ? { yen: response.expectedEffect } : null,
    },
    { key: 'timing', label: W.timing[lang], value: approved ? text(response.timing) : null },
  ];
}

/** The report as one self-contained, print-ready A4 HTML page. */
export function externalReviewReportHtml(
  data: ExternalReviewReportData,
  options: EvaluationSheetOptions,
): string {
  return sheetModelHtml(externalReviewReportModel(data, options));
}

/** The report as one styled Excel worksheet. */
export function externalReviewReportXlsx(
  data: ExternalReviewReportData,
  options: EvaluationSheetOptions,
): Promise<Buffer> {
  const model = externalReviewReportModel(data, options);
  return sheetModelXlsx(model, W.report[model.lang]);
}
