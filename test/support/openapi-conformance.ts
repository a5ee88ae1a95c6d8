/**
 * Whether a JSON answer is what the API's OpenAPI document says it is, for tests that drive real
 * data through the API (Schemathesis checks every answer it provokes, but its random bodies rarely
 * get a plan approved). Covers the part of JSON Schema the document uses for answers: $ref, allOf,
 * oneOf, nullable, type, enum, required, properties, additionalProperties: false, items and the
 * uuid and date-time formats. Stricter than JSON Schema in one way: a field the schema does not
 * name is a problem (unless it allows additionalProperties), so an answer says nothing undocumented.
 * Bounds and patterns are left to Schemathesis.
 */

export interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  nullable?: boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
}

export interface OpenApiDocument {
  components: { schemas: Record<string, OpenApiSchema> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeProblem(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value !== 'object' || value === null || Array.isArray(value);
    case 'array':
      return !Array.isArray(value);
    case 'integer':
      return !Number.isInteger(value);
    case 'number':
      return typeof value !== 'number';
    case 'string':
    case 'boolean':
      return typeof value !== type;
    default:
      return false;
  }
}

/** The ways `value` departs from the component schema `name`, each with its JSON path (none: it conforms). */
export function conformanceProblems(doc: OpenApiDocument, name: string, value: unknown): string[] {
  const problems: string[] = [];
  const check = (schema: OpenApiSchema, v: unknown, at: string): void => {
    if (schema.$ref) {
      const target = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
      if (!target) problems.push(`${at}: unknown ${schema.$ref}`);
      else check(target, v, at);
      return;
    }
    if (v === null) {
      // nullable (or an enum listing null) admits null whatever the rest says.
      if (!schema.nullable && !schema.enum?.includes(null)) problems.push(`${at}: null`);
      return;
    }
    for (const part of schema.allOf ?? []) check(part, v, at);
    if (schema.oneOf) {
      const matching = schema.oneOf.filter((part) => conformsTo(doc, part, v));
      if (matching.length !== 1) problems.push(`${at}: matches ${matching.length} of oneOf`);
    }
    if (typeProblem(schema.type, v)) {
      problems.push(`${at}: ${JSON.stringify(v)} is not ${schema.type}`);
      return;
    }
    if (schema.enum && !schema.enum.includes(v)) problems.push(`${at}: ${JSON.stringify(v)} not in enum`);
    if (typeof v === 'string' && schema.format === 'uuid' && !UUID.test(v))
      problems.push(`${at}: not a uuid`);
    if (typeof v === 'string' && schema.format === 'date-time' && !DATE_TIME.test(v))
      problems.push(`${at}: not a date-time`);
    const items = schema.items;
    if (Array.isArray(v) && items) for (const [i, item] of v.entries()) check(items, item, `${at}[${i}]`);
    if (typeof v === 'object' && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${at}.${key}: missing`);
      for (const [key, field] of Object.entries(record)) {
        const property = schema.properties?.[key];
        if (property) check(property, field, `${at}.${key}`);
        else if (schema.properties && !schema.additionalProperties)
          problems.push(`${at}.${key}: not documented`);
      }
    }
  };
  check({ $ref: `#/components/schemas/${name}` }, value, name);
  return problems;
}

function conformsTo(doc: OpenApiDocument, schema: OpenApiSchema, value: unknown): boolean {
  const name = '__part';
  return (
    conformanceProblems(
      { components: { schemas: { ...doc.components.schemas, [name]: schema } } },
      name,
      value,
    ).length === 0
  );
}
