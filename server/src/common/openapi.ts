import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

type OpenApiSchema = Record<string, unknown>;

/** The zod schema a route parses its input with, as the OpenAPI 3.0 schema a typed client is generated from. */
export function openApiSchema(schema: z.ZodType): OpenApiSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as OpenApiSchema;
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
