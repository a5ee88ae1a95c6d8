// Compile-time checks that a DTO class documents exactly the libs type it stands for (a payload of
// libs/domain, a state of libs/contracts). `implements` alone lets the DTO carry a field the libs
// type lost, and lets an optional field be renamed on one side only; these close both gaps, so a
// field renamed, added or removed in libs fails `npm run build` until the DTO (and with it the
// OpenAPI document and the web app's generated types) follows.

/** true when A and B have exactly the same field names. */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;

/**
 * true when the DTO and the libs type have the same fields and each is assignable to the other:
 * the API can answer with the libs value as the DTO, and a body of the DTO is the libs type.
 * Checks one level of fields; each nested DTO class is checked on its own.
 */
export type SameShape<Dto, Libs> =
  SameKeys<Dto, Libs> extends true
    ? [Libs] extends [Dto]
      ? [Dto] extends [Libs]
        ? true
        : false
      : false
    : false;
