import type { z } from 'zod';
import { BadRequestError } from './errors';

/** Validates a request body or query with zod; the error names the first offending field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what = 'body'): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || what, message: i.message }));
  throw new BadRequestError(`Invalid ${what}: ${issues.map((i) => `'${i.field}' ${i.message}`).join('; ')}`, { field: issues[0]?.field ?? what, issues });
}
