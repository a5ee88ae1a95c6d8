import { errorDetail } from '../errors/localized-error';
import { validationException } from '../errors/validation';

/** Metadata key read by openapi-constraints.ts (`minProperties: 1` in the document). */
export const AT_LEAST_ONE_FIELD = 'pdca:openapi:atLeastOneField';

/** Class decorator: the body must name at least one of its (all optional) fields; the service checks it. */
export function AtLeastOneField(): ClassDecorator {
  return (target) => Reflect.defineMetadata(AT_LEAST_ONE_FIELD, true, target);
}

/**
 * The check for a PATCH body of two optional fields: a 400 naming both (rule `atLeastOne`) when
 * neither is given.
 */
export function requireOneOf<T extends object>(
  dto: T,
  fields: readonly [keyof T & string, keyof T & string],
): void {
  if (fields.some((field) => dto[field] !== undefined)) return;
  const [first, second] = fields;
  throw validationException(
    fields.map((field) =>
      errorDetail(field, 'atLeastOne', {
        ja: `${first}または${second}を指定してください。`,
        en: `Give ${first}, ${second} or both.`,
      }),
    ),
  );
}
