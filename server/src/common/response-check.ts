import { Injectable, InternalServerErrorException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import { logger } from './logger';
import { RESPONSE_SCHEMA } from './openapi';

/**
 * Checks each answer against the schema its route documents (FLOWBRIDGE_CHECK_RESPONSES, on in the
 * test suites): a handler that drifts from its OpenAPI document fails loudly in every test that
 * calls it, instead of a generated client failing at a user's site.
 */
@Injectable()
export class ResponseCheckInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const schema = this.reflector.get<z.ZodType | undefined>(RESPONSE_SCHEMA, context.getHandler());
    if (!schema) return next.handle();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const response = context.switchToHttp().getResponse<{ headersSent?: boolean }>();
    return next.handle().pipe(map((body: unknown) => {
      // A handler that wrote the answer itself (@Res) hands back the response object, not a body.
      if (body === undefined || body === response || response.headersSent) return body;
      const wire: unknown = JSON.parse(JSON.stringify(body));
      const checked = schema.safeParse(wire);
      if (!checked.success) {
        const issues = checked.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
        logger.error({ route, issues }, 'answer does not match its documented schema');
        throw new InternalServerErrorException({ error: 'response_schema', message: `${route} answered outside its documented schema: ${issues.join('; ')}` });
      }
      return body;
    }));
  }
}
