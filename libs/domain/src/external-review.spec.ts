import { DEFAULT_CITY_SETTINGS, resolveCitySettings, validateCitySettings } from './city-settings';
import { validateExternalOpinion, validateExternalRuling } from './external-review';
import {
  DEFAULT_EXTERNAL_REVIEW_SETTINGS,
  externalReviewResultLabel,
  resolveExternalReviewSettings,
} from './external-review-settings';

const results = DEFAULT_EXTERNAL_REVIEW_SETTINGS.results;
const fields = (problems: Array<{ field: string; rule: string }>) =>
  problems.map((p) => `${p.field} ${p.rule}`);

describe('the externalReview setting', () => {
  it('defaults to 現行どおり / 見直し / 拡充 / 縮小 / 廃止, 30 days, no member names', () => {
    expect(DEFAULT_CITY_SETTINGS.externalReview.results.map((r) => r.label.ja)).toEqual([
      '現行どおり',
      '見直し',
      '拡充',
      '縮小',
      '廃止',
    ]);
    expect(DEFAULT_CITY_SETTINGS.externalReview).toMatchObject({
      responseDueDays: 30,
      publishMemberNames: false,
    });
    expect(validateCitySettings(DEFAULT_CITY_SETTINGS)).toEqual([]);
  });

  it('is optional in a city’s settings and checked when given, each problem naming its field', () => {
    const { externalReview: _, ...withoutIt } = DEFAULT_CITY_SETTINGS;
    expect(validateCitySettings(withoutIt)).toEqual([]);
    const problems = validateCitySettings({
      ...DEFAULT_CITY_SETTINGS,
      externalReview: {
        results: [
          { code: 'keep', label: { ja: '現行どおり', en: 'Keep' }, order: 1 },
          { code: 'keep', label: { ja: '', en: 'Again' }, order: 2 },
          { code: 'bad code', label: { ja: '見直し', en: 'Revise' }, order: 3 },
        ],
        responseDueDays: 0,
        publishMemberNames: 'yes',
        extra: 1,
      },
    });
    expect(fields(problems)).toEqual([
      'externalReview.extra unknown_field',
      'externalReview.results[1] result',
      'externalReview.results[1].code unique_code',
      'externalReview.results[2] result',
      'externalReview.responseDueDays days_range',
      'externalReview.publishMemberNames boolean',
    ]);
    expect(problems[4]!.message.ja).toContain('1～365');
    expect(
      fields(
        validateCitySettings({ externalReview: { ...DEFAULT_EXTERNAL_REVIEW_SETTINGS, results: [] } }, true),
      ),
    ).toEqual(['externalReview.results result_count']);
  });

  it('resolves a city’s own list, and the default for an unreadable one', () => {
    const own = {
      results: [
        { code: 'as_is', label: { ja: '現行どおり', en: 'Keep as is' }, order: 1 },
        { code: 'revise', label: { ja: '見直し', en: 'Revise' }, order: 2 },
      ],
      responseDueDays: 60,
      publishMemberNames: true,
    };
    expect(resolveCitySettings({ externalReview: own }).externalReview).toEqual(own);
    expect(resolveExternalReviewSettings({ results: 'x' })).toBe(DEFAULT_EXTERNAL_REVIEW_SETTINGS);
    expect(externalReviewResultLabel(own.results, 'revise')).toEqual({ ja: '見直し', en: 'Revise' });
    expect(externalReviewResultLabel(own.results, 'gone')).toEqual({ ja: 'gone', en: 'gone' });
  });
});

describe('an opinion and a ruling', () => {
  it('accept a result of the list and text of 1–4000 characters', () => {
    expect(
      validateExternalOpinion({ itemId: 'i1', opinion: '見直すべき', result: 'revise' }, results),
    ).toEqual([]);
    expect(
      validateExternalRuling({ itemId: 'i1', result: 'as_is', reason: 'あ'.repeat(4000) }, results),
    ).toEqual([]);
  });

  it('name the field and the rule, in Japanese and English', () => {
    const opinion = validateExternalOpinion({ itemId: '', opinion: ' ', result: 'S', x: 1 }, results);
    expect(fields(opinion)).toEqual([
      'x unknown_field',
      'itemId required',
      'opinion required',
      'result one_of',
    ]);
    // The labels the official sees, not the codes the API stores.
    expect(opinion[3]!.message.ja).toBe(
      `評価区分は${results.map((r) => r.label.ja).join('・')}のいずれかを選択してください。`,
    );
    expect(opinion[3]!.message.ja).not.toMatch(/[a-z_]/);
    expect(opinion[3]!.message.en).toContain('Revise');
    expect(opinion[3]!.message.en).not.toContain('as_is');
    const ruling = validateExternalRuling(
      { itemId: 'i1', result: 'revise', reason: '😀'.repeat(4001) },
      results,
    );
    expect(fields(ruling)).toEqual(['reason max_length']);
    expect(fields(validateExternalRuling(null, results))).toEqual(['body object']);
  });
});
