import { ApiError } from '../api/client';
import { formatMoney } from '../lib/format';
import {
  ClientCheckError,
  fieldErrorsOf,
  labelledMessage,
  moneyInput,
  numberInput,
  summaryOf,
  unshownErrors,
} from './field-errors';

const badRequest = new ApiError(400, {
  statusCode: 400,
  error: 'Bad Request',
  message: '入力内容に誤りがあります。',
  messageEn: 'The request has invalid fields.',
  messageJa: '入力内容に誤りがあります。',
  code: 'VALIDATION_FAILED',
  correlationId: 'c-1',
  details: [
    {
      field: 'budgetRequest',
      rule: 'integer_yen',
      message: 'x',
      messageEn: 'Enter the budget request as a whole number of yen, 0 or more.',
      messageJa: '当初予算額（案）は0以上の整数（円）で入力してください。',
    },
    {
      field: 'activities[0]',
      rule: 'required',
      message: 'x',
      messageEn: 'Required.',
      messageJa: '入力してください。',
    },
    {
      field: 'activities[0]',
      rule: 'max_length',
      message: 'x',
      messageEn: 'Too long.',
      messageJa: '長すぎます。',
    },
    {
      field: 'payload',
      rule: 'type',
      message: 'x',
      messageEn: 'Not an object.',
      messageJa: '形式が正しくありません。',
    },
  ],
});

describe('server problems next to their fields', () => {
  it('groups the details by field in the chosen language', () => {
    const ja = fieldErrorsOf(badRequest, 'ja');
    expect(ja.get('budgetRequest')).toBe('当初予算額（案）は0以上の整数（円）で入力してください。');
    expect(ja.get('activities[0]')).toBe('入力してください。 長すぎます。');
    expect(fieldErrorsOf(badRequest, 'en').get('activities[0]')).toBe('Required. Too long.');
  });

  it('lists the problems of fields the form does not show', () => {
    const errors = fieldErrorsOf(badRequest, 'en');
    // By the message, never by the raw path (`payload`), which means nothing to the reader.
    expect(unshownErrors(errors, ['budgetRequest', 'activities[0]'])).toEqual(['Not an object.']);
  });

  it('has no field problems for errors without details', () => {
    expect(fieldErrorsOf(new Error('network'), 'ja').size).toBe(0);
    expect(summaryOf(new Error('network'), 'en')).toMatch(/could not be reached/);
    expect(summaryOf(badRequest, 'ja')).toBe('入力内容に誤りがあります。');
    expect(summaryOf(null, 'ja')).toBeNull();
  });
});

describe('number fields', () => {
  it('reads full-width digits and thousands separators', () => {
    expect(numberInput('１２,０００')).toBe(12000);
    expect(numberInput(' 12,000,000 ')).toBe(12_000_000);
    expect(numberInput('-3.5')).toBe(-3.5);
  });

  it('leaves the judgement of anything else to the server', () => {
    expect(numberInput('')).toBeNull();
    expect(numberInput('十二')).toBe('十二');
    expect(numberInput('12abc')).toBe('12abc');
  });
});

describe('money fields', () => {
  it('reads amounts as budget documents write them, in yen', () => {
    expect(moneyInput('3,600千円')).toBe(3_600_000);
    expect(moneyInput('３，６００千円')).toBe(3_600_000);
    expect(moneyInput('1.2百万円')).toBe(1_200_000);
    expect(moneyInput('50万円')).toBe(500_000);
    expect(moneyInput('¥12,000')).toBe(12_000);
    expect(moneyInput('12,000円')).toBe(12_000);
    expect(moneyInput('12000')).toBe(12_000);
    // 円 left out, as officials often write it.
    expect(moneyInput('300万')).toBe(3_000_000);
    expect(moneyInput('3,600千')).toBe(3_600_000);
    expect(moneyInput('1.2百万')).toBe(1_200_000);
  });

  it('leaves anything else to the server', () => {
    expect(moneyInput('')).toBeNull();
    expect(moneyInput('千円')).toBe('千円');
    expect(moneyInput('三千円')).toBe('三千円');
    expect(moneyInput('万')).toBe('万');
    expect(moneyInput('約300万')).toBe('約300万');
    expect(moneyInput('0.5円')).toBe(0.5);
  });

  it('reads back what a resubmitted form shows (formatMoney), in both languages', () => {
    for (const amount of [0, 999, 3_600_000, 12_345_678, 1_200_000_000]) {
      expect(moneyInput(formatMoney(amount, 'ja'))).toBe(amount);
      expect(moneyInput(formatMoney(amount, 'en'))).toBe(amount);
    }
  });
});

describe('problems in the form’s words', () => {
  const labels = new Map([
    ['targets[0].target', '指標1『オンライン申請率』の目標値'],
    ['activities[0]', '取組1'],
  ]);
  const enLabels = new Map([['targets[0].target', 'Target for indicator 1 “Online application rate”']]);
  // The API's shape check names the raw path (class-validator), as the issue saw it.
  const shapeError = new ApiError(400, {
    statusCode: 400,
    error: 'Bad Request',
    message: '入力内容に誤りがあります（targets[0].target）。',
    messageEn: 'The request has an invalid field: targets[0].target.',
    messageJa: '入力内容に誤りがあります（targets[0].target）。',
    code: 'VALIDATION_FAILED',
    correlationId: 'c-2',
    details: [
      {
        field: 'targets[0].target',
        rule: 'isDefined',
        message: 'x',
        messageEn: 'targets[0].target is required.',
        messageJa: 'targets[0].targetを入力してください。',
      },
    ],
  });

  it('says the field’s name instead of its path', () => {
    expect(fieldErrorsOf(shapeError, 'ja', labels).get('targets[0].target')).toBe(
      '指標1『オンライン申請率』の目標値を入力してください。',
    );
    expect(fieldErrorsOf(shapeError, 'en', enLabels).get('targets[0].target')).toBe(
      'Target for indicator 1 “Online application rate” is required.',
    );
    expect(summaryOf(shapeError, 'ja', labels)).toBe(
      '入力内容を確認してください：指標1『オンライン申請率』の目標値',
    );
    // A form that names no fields keeps the server's words.
    expect(summaryOf(shapeError, 'ja')).toBe('入力内容に誤りがあります（targets[0].target）。');
  });

  it('puts the name in front of a message that names no field', () => {
    const required = {
      field: 'activities[0]',
      rule: 'required',
      ja: '入力してください。',
      en: 'This field is required.',
    };
    expect(labelledMessage(required, '取組1', 'ja')).toBe('取組1を入力してください。');
    expect(labelledMessage(required, 'Activity 1', 'en')).toBe('Activity 1 is required.');
    const number = { field: 'x', rule: 'number', ja: '数値で入力してください。', en: 'Enter a number.' };
    expect(labelledMessage(number, '指標1『A』の目標値', 'ja')).toBe(
      '指標1『A』の目標値は数値で入力してください。',
    );
    expect(labelledMessage(number, 'Target for indicator 1 “A”', 'en')).toBe(
      'Target for indicator 1 “A”: enter a number.',
    );
    // A message that already says what it is about stays as it is; so does one without a label.
    const budget = {
      field: 'budgetRequest',
      rule: 'integer_yen',
      ja: '当初予算額（案）は0以上の整数（円）で入力してください。',
      en: 'x',
    };
    expect(labelledMessage(budget, '当初予算額（案）', 'ja')).toBe(budget.ja);
    expect(labelledMessage(required, undefined, 'ja')).toBe('入力してください。');
  });

  it('reports what the form found before sending as the server’s problems would be', () => {
    const found = new ClientCheckError([
      {
        field: 'targets[0].target',
        rule: 'required',
        message: { ja: '入力してください。', en: 'This field is required.' },
      },
    ]);
    expect(fieldErrorsOf(found, 'ja', labels).get('targets[0].target')).toBe(
      '指標1『オンライン申請率』の目標値を入力してください。',
    );
    expect(summaryOf(found, 'en', enLabels)).toBe(
      'Check the following: Target for indicator 1 “Online application rate”.',
    );
  });

  it('lists the fields in the form’s order, whatever order the problems came in', () => {
    const req = { ja: '入力してください。', en: 'This field is required.' };
    const found = new ClientCheckError([
      { field: 'select', rule: 'item_count', message: req },
      { field: 'dueAt', rule: 'required', message: req },
      { field: 'title', rule: 'required', message: req },
    ]);
    const formOrder = new Map([
      ['title', 'タイトル'],
      ['dueAt', '意見の提出期限'],
      ['select', '改革項目の条件'],
    ]);
    expect(summaryOf(found, 'ja', formOrder)).toBe(
      '入力内容を確認してください：タイトル、意見の提出期限、改革項目の条件',
    );
  });
});

it('keeps a message that names its own field, such as a 効果額 part’s', () => {
  const part = {
    field: 'effectTarget.cost',
    rule: 'required',
    ja: '取組経費の金額を入力してください（ない場合は0）。',
    en: 'Enter the cost of the measure amount (0 if none).',
  };
  expect(labelledMessage(part, '効果額の見込額の取組経費', 'ja')).toBe(part.ja);
  expect(labelledMessage(part, 'Fiscal effect: cost', 'en')).toBe(part.en);
});
