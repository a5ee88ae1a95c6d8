/** Metadata key read by openapi-constraints.ts (`minProperties: 1` in the document). */
export const AT_LEAST_ONE_FIELD = 'pdca:openapi:atLeastOneField';

/** Class decorator: the body must name at least one of its (all optional) fields; the service checks it. */
export function AtLeastOneField(): ClassDecorator {
  return (target) => Reflect.defineMetadata(AT_LEAST_ONE_FIELD, true, target);
}
