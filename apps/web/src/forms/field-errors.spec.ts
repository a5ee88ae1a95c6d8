import { ApiError } from '../api/client';
import { fieldErrorsOf, numberInput, summaryOf, unshownErrors } from './field-errors';

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
    expect(unshownErrors(errors, ['budgetRequest', 'activities[0]'])).toEqual(['payload: Not an object.']);
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
