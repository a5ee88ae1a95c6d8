import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when it is sent it must pass the other rules: unlike
 * @IsOptional, null is not "left out" (a PATCH with `roles: null` is a 400, not a 500).
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
