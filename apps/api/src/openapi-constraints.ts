import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { AT_LEAST_ONE_FIELD } from './common/http/at-least-one-field';
import { refusesNull } from './common/http/optional';

/**
 * The class-validator rules of the request DTOs, written into the OpenAPI document: what the
 * server enforces is what the document says (bounds, lengths, patterns, formats, no unknown fields),
 * without repeating every rule in an @ApiProperty. Bodies are matched by schema name, query
 * parameters through the handler's @Query() DTO (operation ids are `Controller_method`).
 */

export type JsonSchema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  minProperties?: number;
  additionalProperties?: boolean | JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  nullable?: boolean;
};

// biome-ignore lint/complexity/noBannedTypes: class-validator and Nest key their metadata by constructor
type Constructor = Function;

type Parameter = { in: string; name: string; required?: boolean; schema?: JsonSchema };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
};

const CUSTOM = 'customValidation';
/** RouteParamtypes.QUERY of @nestjs/common (not exported from its index). */
const QUERY_PARAM = 4;

/** Applies one rule to a property's schema (to its items for `each` rules). */
function applyRule(schema: JsonSchema, rule: ValidationMetadata): void {
  if (rule.type !== CUSTOM) return;
  const target = rule.each ? (schema.items ?? schema) : schema;
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isInt':
      if (target.type === 'number' || target.type === undefined) target.type = 'integer';
      break;
    case 'min':
      target.minimum = Math.max(target.minimum ?? Number.NEGATIVE_INFINITY, Number(first));
      break;
    case 'max':
      target.maximum = Math.min(target.maximum ?? Number.POSITIVE_INFINITY, Number(first));
      break;
    case 'minLength':
      target.minLength = Math.max(target.minLength ?? 0, Number(first));
      break;
    case 'maxLength':
      target.maxLength = Math.min(target.maxLength ?? Number.POSITIVE_INFINITY, Number(first));
      break;
    case 'isLength':
      target.minLength = Math.max(target.minLength ?? 0, Number(first));
      if (second !== undefined) target.maxLength = Number(second);
      break;
    case 'isNotEmpty':
      if (target.type === 'string') target.minLength = Math.max(target.minLength ?? 0, 1);
      if (target.type === 'array') target.minItems = Math.max(target.minItems ?? 0, 1);
      break;
    case 'arrayMinSize':
      schema.minItems = Math.max(schema.minItems ?? 0, Number(first));
      break;
    case 'arrayMaxSize':
      schema.maxItems = Math.min(schema.maxItems ?? Number.POSITIVE_INFINITY, Number(first));
      break;
    case 'arrayUnique':
      schema.uniqueItems = true;
      break;
    case 'isUuid':
      target.format = 'uuid';
      break;
    case 'isEmail':
      target.format = 'email';
      break;
    case 'matches': {
      const regex = first instanceof RegExp ? first : new RegExp(String(first), String(second ?? ''));
      // OpenAPI patterns have no flags: an `i` is spelled out; other flags are left to the prose.
      const flags = regex.flags.replace('u', '');
      if (flags === '') target.pattern = regex.source;
      else if (flags === 'i') target.pattern = caseInsensitive(regex.source);
      break;
    }
    case 'isIso8601':
      // What validator.js accepts in strict mode: a calendar date or a date-time, years 1000–9999.
      target.pattern ??= '^[1-9][0-9]{3}-';
      if (!target.format) target.anyOf = [{ format: 'date' }, { format: 'date-time' }];
      break;
    case 'isIn':
      if (Array.isArray(first) && !target.enum) target.enum = [...first];
      break;
  }
}

/** A regex source with every letter matching both cases (for the flagless OpenAPI `pattern`). */
export function caseInsensitive(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      const range = source.slice(i).match(/^([a-z])-([a-z])/i);
      if (range) {
        const [all, from, to] = range;
        out += `${from.toLowerCase()}-${to.toLowerCase()}${from.toUpperCase()}-${to.toUpperCase()}`;
        i += all.length - 1;
      } else if (/[a-z]/i.test(c)) out += `${c.toLowerCase()}${c.toUpperCase()}`;
      else out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
    } else if (/[a-z]/i.test(c) && !/\{\d*,?\d*$/.test(out)) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else out += c;
  }
  return out;
}

/**
 * What the clean-input pipe refuses in every string (common/http/clean-input.ts): NUL and lone
 * UTF-16 surrogates. Written so that it means the same for ECMA-262 without the u flag (pairs of
 * code units) and for engines that see code points (Python's re).
 */
export const CLEAN_TEXT_PATTERN = '^(?:[^\\u0000\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';

/** Free text (no pattern, format or enum yet) gets CLEAN_TEXT_PATTERN, in objects and arrays too. */
function markCleanText(schema: JsonSchema | undefined): void {
  if (!schema) return;
  if (schema.type === 'string' && !schema.pattern && !schema.format && !schema.enum && !schema.anyOf)
    schema.pattern = CLEAN_TEXT_PATTERN;
  for (const property of Object.values(schema.properties ?? {})) markCleanText(property);
  markCleanText(schema.items);
}

function rulesOf(target: Constructor): Map<string, ValidationMetadata[]> {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    const list = rules.get(rule.propertyName) ?? [];
    list.push(rule);
    rules.set(rule.propertyName, list);
  }
  return rules;
}

/** Every class that carries class-validator rules, by name (DTO names are unique in this API). */
function validatedClasses(): Map<string, Constructor> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor, unknown> };
  const classes = new Map<string, Constructor>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function' && target.name) classes.set(target.name, target);
  }
  return classes;
}

/** `Controller_method` → the DTO class of that handler's whole-object @Query(). */
function queryDtosByOperationId(app: INestApplication): Map<string, Constructor> {
  const result = new Map<string, Constructor>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Constructor | undefined;
      if (!controller?.prototype) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as
          | Record<string, { index: number; data?: unknown }>
          | undefined;
        if (!args) continue;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ??
          []) as Constructor[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) === QUERY_PARAM && arg.data === undefined) {
            const dto = types[arg.index];
            if (dto && dto !== Object) result.set(`${controller.name}_${method}`, dto);
          }
        }
      }
    }
  }
  return result;
}

/** Schemas reachable from `schema` through $ref, properties and items, by component name. */
function referencedSchemas(
  schema: JsonSchema | undefined,
  into: Set<string>,
  components: Record<string, JsonSchema>,
) {
  if (!schema) return;
  const name = schema.$ref?.replace('#/components/schemas/', '');
  if (name) {
    if (into.has(name)) return;
    into.add(name);
    referencedSchemas(components[name], into, components);
    return;
  }
  for (const property of Object.values(schema.properties ?? {}))
    referencedSchemas(property, into, components);
  referencedSchemas(schema.items, into, components);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
    referencedSchemas(part, into, components);
}

export function applyValidationConstraints(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const components = (document.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const classes = validatedClasses();
  const queryDtos = queryDtosByOperationId(app);

  // Request bodies: the global ValidationPipe has whitelist + forbidNonWhitelisted, so a body
  // schema (and every schema it nests) takes no other fields.
  const requestSchemas = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Operation[]) {
      if (!operation || typeof operation !== 'object') continue;
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        referencedSchemas(media.schema, requestSchemas, components);
      }
    }
  }
  for (const name of requestSchemas) {
    const schema = components[name];
    const target = classes.get(name);
    if (!schema || !target) continue;
    for (const [property, rules] of rulesOf(target)) {
      const propertySchema = schema.properties?.[property];
      if (!propertySchema) continue;
      for (const rule of rules) applyRule(propertySchema, rule);
      // @IsOptional() lets null through as well as a missing field (unless the service refuses it).
      if (rules.some((r) => r.name === 'isOptional') && !refusesNull(target, property)) {
        propertySchema.nullable = true;
        if (propertySchema.enum && !propertySchema.enum.includes(null)) propertySchema.enum.push(null);
      }
    }
    if (schema.type === 'object' && schema.properties) schema.additionalProperties = false;
    if (Reflect.getMetadata(AT_LEAST_ONE_FIELD, target)) schema.minProperties = 1;
    markCleanText(schema);
  }

  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Operation[]) {
      if (!operation || typeof operation !== 'object') continue;
      const dto = operation.operationId ? queryDtos.get(operation.operationId) : undefined;
      if (dto) {
        const rules = rulesOf(dto);
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query' || !parameter.schema) continue;
          for (const rule of rules.get(parameter.name) ?? []) applyRule(parameter.schema, rule);
        }
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query') markCleanText(parameter.schema);
      }
      // A body whose fields are all optional may be left out: the server validates {} then.
      const body = operation.requestBody;
      const json = body?.content?.['application/json']?.schema;
      const bodySchema = json?.$ref ? components[json.$ref.replace('#/components/schemas/', '')] : json;
      if (body && bodySchema && !(bodySchema.required ?? []).length && !bodySchema.minProperties)
        body.required = false;
    }
  }
  return document;
}
