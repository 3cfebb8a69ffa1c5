import { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI document's header. Bearer auth is required at the root, so every operation
 * is secured unless it says otherwise (public routes declare an empty `security`).
 */
export function openApiHeader(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Subscription ledger')
    .setDescription('Event-sourced subscription ledger for cloud resellers (see API.md). Errors are RFC 9457 application/problem+json with a stable `code`.')
    .setVersion('1')
    .setLicense('Proprietary: all rights reserved', 'https://ledger.example/license')
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'claims sub, pid (partner), roles (SPEC.md R2)' })
    .addSecurityRequirements('bearer')
    .build();
}
