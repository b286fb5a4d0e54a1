import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

type OpenApiSchema = Record<string, unknown>;

/** The zod schema a route parses its input with (or answers with), as the OpenAPI 3.0 schema a typed client is generated from. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): OpenApiSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io }) as OpenApiSchema;
}

/** Documents the request body by the schema the handler parses it with: one definition for both. */
export function ZodBody(schema: z.ZodType) {
  return ApiBody({ schema: openApiSchema(schema) as never, required: true });
}

/** Documents each query parameter by the schema the handler parses the query with. */
export function ZodQuery(schema: z.ZodType) {
  const json = openApiSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, OpenApiSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return applyDecorators(...Object.entries(properties).map(([name, property]) => ApiQuery({ name, required: required.has(name), schema: property as never })));
}

export const RESPONSE_SCHEMA = 'flowbridge:response-schema';

/**
 * Documents what the route answers, as JSON on the wire (dates as ISO strings). Under
 * FLOWBRIDGE_CHECK_RESPONSES every answer is checked against it, so the document cannot drift
 * from what the handler really returns: the test suites run with the check on.
 */
export function ZodResponse(schema: z.ZodType, options: { status?: number; description?: string } = {}) {
  const status = options.status ?? 200;
  return applyDecorators(
    SetMetadata(RESPONSE_SCHEMA, schema),
    ApiResponse({ status, description: options.description ?? 'Success', schema: openApiSchema(schema, 'output') as never }),
  );
}

/** What every error answer looks like (see ApiExceptionFilter); clients branch on `error` and `field`, never on `message`. */
export const apiErrorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string().describe('A stable code: bad_request, not_found, conflict, forbidden, unauthorized, invalid_graph, …'),
  message: z.string().describe('English, for people and logs'),
  field: z.string().optional().describe('The input field at fault, when one is'),
}).loose();

/** Adds the shared error answer to every operation, so generated clients type their failures too. */
export function withErrorResponses(document: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>; components?: { schemas?: Record<string, unknown> } }): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ApiError: openApiSchema(apiErrorSchema, 'output') };
  const error = { description: 'The request was refused (4xx) or failed (5xx)', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      operation.responses = { ...operation.responses, '4XX': error, '5XX': error };
    }
  }
}
