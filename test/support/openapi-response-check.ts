/**
 * Checks a JSON value against an OpenAPI 3.0 schema object as @nestjs/swagger writes them:
 * `$ref` into components, `nullable`, `type`, `enum`, `required`, `properties`,
 * `additionalProperties`, `items`, `oneOf`, `pattern`, `format: date-time`. Extra
 * properties are allowed unless the schema says otherwise (API.md: extra fields are
 * welcome). Small on purpose: ajv is not a direct dependency of this repository.
 */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaObject>;
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  pattern?: string;
  format?: string;
}

export interface OperationObject {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject> };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every mismatch as `path: what`; empty when the value conforms. */
export function schemaErrors(document: OpenApiDocument, schema: SchemaObject, value: unknown, path = '$'): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) return [`${path}: unknown schema ${schema.$ref}`];
    return schemaErrors(document, target, value, path);
  }
  if (value === null) return schema.nullable ? [] : [`${path}: null is not allowed`];
  if (schema.allOf) return schema.allOf.flatMap((part) => schemaErrors(document, part, value, path));
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((option) => schemaErrors(document, option, value, path).length === 0).length;
    return matching === 1 ? [] : [`${path}: matches ${matching} of the oneOf options, not exactly one`];
  }
  const actual = typeOf(value);
  if (schema.type && !(actual === schema.type || (schema.type === 'number' && actual === 'integer'))) return [`${path}: expected ${schema.type}, got ${actual}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  const errors: string[] = [];
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (schema.format === 'date-time' && !ISO_INSTANT.test(value)) errors.push(`${path}: ${JSON.stringify(value)} is not an ISO 8601 instant`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...schemaErrors(document, schema.items!, item, `${path}[${i}]`)));
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const field of schema.required ?? []) if (!(field in record)) errors.push(`${path}.${field}: required`);
    for (const [field, fieldValue] of Object.entries(record)) {
      const property = schema.properties?.[field];
      if (property) errors.push(...schemaErrors(document, property, fieldValue, `${path}.${field}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${field}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...schemaErrors(document, schema.additionalProperties, fieldValue, `${path}.${field}`));
    }
  }
  return errors;
}

/** The documented schema of one answer; throws when the route, status or media type is not documented. */
export function responseSchema(document: OpenApiDocument, template: string, method: string, status: number, mediaType: string): SchemaObject {
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not documented`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${template} does not document status ${status} (documented: ${Object.keys(operation.responses).join(', ')})`);
  const content = response.content?.[mediaType];
  if (!content) throw new Error(`${method} ${template} ${status} does not document ${mediaType}`);
  return content.schema;
}

/** `/v1/subscriptions/{subscriptionId}` for `/v1/subscriptions/sub-1?asOf=...`. */
export function matchTemplate(document: OpenApiDocument, url: string): string {
  const path = url.split('?')[0];
  const segments = path.split('/');
  const template = Object.keys(document.paths).find((candidate) => {
    const parts = candidate.split('/');
    return parts.length === segments.length && parts.every((part, i) => /^\{.+\}$/.test(part) || part === segments[i]);
  });
  if (!template) throw new Error(`no documented path matches ${path}`);
  return template;
}
