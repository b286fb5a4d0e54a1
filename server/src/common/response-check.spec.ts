import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { z } from 'zod';
import { RESPONSE_SCHEMA } from './openapi';
import { ResponseCheckInterceptor } from './response-check';

function handled(body: unknown, response: object) {
  const handler = () => undefined;
  Reflect.defineMetadata(RESPONSE_SCHEMA, z.object({ runId: z.string() }), handler);
  const context = { getHandler: () => handler, getClass: () => class Hooks {}, switchToHttp: () => ({ getResponse: () => response }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(body) };
  return lastValueFrom(new ResponseCheckInterceptor(new Reflector()).intercept(context, next));
}

describe('response check', () => {
  it('passes an answer that matches its schema', async () => {
    await expect(handled({ runId: 'r1' }, {})).resolves.toEqual({ runId: 'r1' });
  });

  it('refuses an answer outside its schema, naming the route and the field', async () => {
    await expect(handled({ run: 'r1' }, {})).rejects.toMatchObject({ response: { error: 'response_schema', message: expect.stringContaining('Hooks.handler answered outside its documented schema: runId') } });
  });

  it('leaves alone a handler that wrote its answer itself (@Res hands back the response object)', async () => {
    const response: Record<string, unknown> = { headersSent: true };
    response.self = response; // Express's response refers to itself: JSON of it would throw
    await expect(handled(response, response)).resolves.toBe(response);
  });
});
