import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_AUTH } from './common/auth/endpoint.decorator';

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
  return SwaggerModule.createDocument(app, config);
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
