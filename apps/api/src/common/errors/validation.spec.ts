import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation';

class Child {
  @IsString()
  @MaxLength(3)
  name: string;
}

class Body {
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(10)
  reason: string;

  @ValidateNested({ each: true })
  @Type(() => Child)
  children: Child[];
}

describe('the global validation pipe', () => {
  const sut = createValidationPipe();
  const validate = async (value: unknown) => {
    try {
      await sut.transform(value, { type: 'body', metatype: Body });
      return undefined;
    } catch (err) {
      return (err as { getResponse(): { details: unknown[]; messageEn: string } }).getResponse();
    }
  };

  it('reports one rule per field, the most basic one, with nested paths', async () => {
    const response = await validate({ fiscalYear: '2025', children: [{ name: 'toolong' }, {}], extra: true });
    expect(response?.details).toEqual([
      expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
      expect.objectContaining({
        field: 'fiscalYear',
        rule: 'isInt',
        messageEn: 'fiscalYear must be a whole number.',
      }),
      expect.objectContaining({ field: 'reason', rule: 'isDefined', messageEn: 'reason is required.' }),
      expect.objectContaining({
        field: 'children[0].name',
        rule: 'maxLength',
        messageJa: 'children[0].nameは3文字以内で入力してください。',
      }),
      expect.objectContaining({ field: 'children[1].name', rule: 'isDefined' }),
    ]);
    expect(response?.messageEn).toBe(
      'The request has 5 invalid fields: extra, fiscalYear, reason, children[0].name, children[1].name.',
    );
  });

  it('names range limits', async () => {
    const response = await validate({ fiscalYear: 1999, reason: '', children: [] });
    expect(response?.details).toEqual([
      expect.objectContaining({
        field: 'fiscalYear',
        rule: 'min',
        messageEn: 'fiscalYear must be at least 2000.',
      }),
      expect.objectContaining({ field: 'reason', rule: 'isNotEmpty' }),
    ]);
  });

  it('passes a valid body', async () => {
    expect(await validate({ fiscalYear: 2025, reason: 'ok', children: [{ name: 'a' }] })).toBeUndefined();
  });
});
