import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when it is sent it must pass the other rules: unlike
 * @IsOptional, null is not "left out" (a PATCH with `roles: null` is a 400, not a 500).
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

const REFUSES_NULL = Symbol('refusesNull');

/**
 * With @IsOptional on a field whose service refuses null with a sentence of its own (a PATCH's
 * `memberUserIds`: "no members" is [], not null): the OpenAPI document then says the field is not
 * nullable, as the server enforces (openapi-constraints.ts reads this mark).
 */
export function RefusesNull(): PropertyDecorator {
  return (target, property) => {
    const marked: Set<string | symbol> = Reflect.getMetadata(REFUSES_NULL, target.constructor) ?? new Set();
    Reflect.defineMetadata(REFUSES_NULL, new Set([...marked, property]), target.constructor);
  };
}

export function refusesNull(target: object, property: string): boolean {
  return (
    (Reflect.getMetadata(REFUSES_NULL, target) as Set<string | symbol> | undefined)?.has(property) ?? false
  );
}
