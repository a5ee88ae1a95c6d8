import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_AUTH } from './common/auth/endpoint.decorator';
import { applyValidationConstraints } from './openapi-constraints';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('pdca-engine API')
    .setDescription(
      [
        'PDCA cycles for municipal administrative and fiscal reform items (行財政改革). Commands become Temporal workflow Updates; reads come from PostgreSQL read models.',
        'Sign in with POST /api/v1/auth/login and send the token as `Authorization: Bearer <token>`.',
        'Errors are JSON `{ statusCode, error, message, messageEn, messageJa, code?, details?, correlationId }`; `message` is Japanese when `Accept-Language` prefers ja.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .addTag('auth', 'Sign-in')
    .addTag('plans', 'Reform plans (行財政改革計画): import, list, tree')
    .addTag('items', 'Reform items (改革項目) and their current cycle')
    .addTag('cycles', 'PDCA cycles: start, read, submit, withdraw')
    .addTag('approvals', 'HQ approval inbox and decisions')
    .addTag('tasks', 'Task inbox and deadlines')
    .addTag('budget-reflections', 'Next-year budget adjustments (予算への反映)')
    .addTag('users', 'User accounts of the city: list, create, change roles')
    .addTag('working-groups', 'Working groups (WG): leader and members, reassigning running cycles')
    .addTag('audit', 'Tamper-evident audit ledger (監査台帳): verification, histories, export')
    .addTag('health', 'Liveness and readiness')
    .build();
  return applyValidationConstraints(tightenContract(SwaggerModule.createDocument(app, config)), app);
}

// Parameters and fields the server validates as whole numbers (class-validator @IsInt).
const INTEGER_NAMES = new Set(['limit', 'offset', 'fiscalYear', 'anchorSeq', 'periodIndex']);
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };

type Schema = { type?: string; format?: string; properties?: Record<string, Schema>; items?: Schema };
type Operation = {
  parameters?: Array<{ in: string; name: string; schema?: Schema }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/**
 * Makes the document say what the server enforces (so a generated client, or Schemathesis, sees
 * the real contract): path ids are UUIDs (UuidParamPipe), whole-number parameters and fields are
 * integers, every operation that takes input can answer 400, and every operation 503 (PostgreSQL
 * unreachable). Done once here rather than on each of the decorators.
 */
export function tightenContract(document: OpenAPIObject): OpenAPIObject {
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const parameter of operation.parameters ?? []) {
        // A fiscal year in the path (PUT /indicators/{id}/actuals/{fiscalYear}) keeps its integer schema.
        if (parameter.in === 'path' && parameter.name === 'fiscalYear') continue;
        if (parameter.in === 'path') parameter.schema = { type: 'string', format: 'uuid' };
        else if (INTEGER_NAMES.has(parameter.name) && parameter.schema?.type === 'number') {
          parameter.schema.type = 'integer';
        }
      }
      if ((operation.parameters?.length || operation.requestBody) && !operation.responses['400']) {
        operation.responses['400'] = errorResponse('Invalid input: `details` names each field and rule.');
      }
      // Node's HTTP parser answers 431 (empty body) before any route when the request line and
      // headers exceed their limit (MAX_REQUEST_HEADER_BYTES, 128 KiB): a very long query string.
      if (operation.parameters?.some((p) => p.in === 'query') && !operation.responses['431']) {
        operation.responses['431'] = { description: 'The request line and headers exceed 128 KiB.' };
      }
      if (!operation.responses['503']) {
        operation.responses['503'] = errorResponse(
          'A backing service is unavailable; nothing was done, retry.',
        );
      }
    }
  }
  const visit = (schema: Schema | undefined) => {
    if (!schema) return;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (INTEGER_NAMES.has(name) && property.type === 'number') property.type = 'integer';
      visit(property);
      visit(property.items);
    }
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) visit(schema as Schema);
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
