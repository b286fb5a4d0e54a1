import { createHmac } from 'node:crypto';
import { AuthError, isTrigger, receiveTrigger, type AnyNode, type IncomingRequest, type TriggerContext } from '../sdk';
import { SIGNATURE_TOLERANCE_SECONDS, webhookTrigger } from './webhook';

const ctx: TriggerContext = {
  flowId: 'flow-1',
  now: () => new Date('2026-03-02T10:00:00.000Z'),
  http: { request: async () => { throw new Error('no http in this spec'); } },
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  credentials: async () => { throw new Error('no credentials in this spec'); },
};

const payload = { event: 'deal.won', deal: { id: 4711, price: 1500 } };
const rawBody = Buffer.from(JSON.stringify(payload));

function request(headers: Record<string, string> = {}, raw = rawBody): IncomingRequest {
  return {
    method: 'POST',
    path: 'deal-won',
    headers: { 'content-type': 'application/json', ...headers },
    query: { source: 'crm' },
    body: payload,
    rawBody: raw,
    ip: '10.0.0.5',
  };
}

async function receive(params: Record<string, unknown>, req: IncomingRequest) {
  const [result] = await receiveTrigger(webhookTrigger, req, params, ctx);
  return result;
}

async function rejection(params: Record<string, unknown>, req: IncomingRequest): Promise<unknown> {
  return receive(params, req).then(() => undefined, (e: unknown) => e);
}

const NOW_SECONDS = Date.parse('2026-03-02T10:00:00.000Z') / 1000;
const sign = (secret: string, body: Buffer, t = NOW_SECONDS) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;

describe('core.webhook', () => {
  it('outputs method, headers, query and body', async () => {
    const result = await receive({ path: 'deal-won' }, request({ 'x-request-id': 'r-1' }));
    expect(result).toEqual({
      output: {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
        query: { source: 'crm' },
        body: payload,
      },
    });
  });

  it('does not change the headers of the request it was given', async () => {
    const req = request({ 'x-flowbridge-secret': 's3cret' });
    await receive({ path: 'deal-won', secret: 's3cret' }, req);
    expect(req.headers['x-flowbridge-secret']).toBe('s3cret');
  });

  describe('with a secret', () => {
    const params = { path: 'deal-won', secret: 's3cret' };

    it('accepts the secret in the header and never outputs it', async () => {
      const result = await receive(params, request({ 'x-flowbridge-secret': 's3cret' }));
      const output = result?.output as { headers: Record<string, string>; body: unknown };
      expect(output.body).toEqual(payload);
      expect(output.headers).toEqual({ 'content-type': 'application/json', 'x-flowbridge-secret': '[redacted]' });
    });

    it('refuses a wrong secret with an AuthError', async () => {
      const error = await rejection(params, request({ 'x-flowbridge-secret': 'guess' }));
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).message).toContain('x-flowbridge-signature');
    });

    it('refuses a secret that only shares a prefix, and a missing one', async () => {
      expect(await rejection(params, request({ 'x-flowbridge-secret': 's3cret-and-more' }))).toBeInstanceOf(AuthError);
      expect(await rejection(params, request())).toBeInstanceOf(AuthError);
    });

    it('accepts an HMAC-SHA256 signature over the timestamp and the raw body, deduplicated by the signature', async () => {
      const signature = sign('s3cret', rawBody);
      const result = await receive(params, request({ 'x-flowbridge-signature': signature }));
      expect((result?.output as { body: unknown }).body).toEqual(payload);
      expect(result?.dedupeKey).toBe(`signature:${signature.split('v1=')[1]}`);
    });

    it('accepts a timestamp within the tolerance and refuses an older or later one as a replay', async () => {
      await expect(receive(params, request({ 'x-flowbridge-signature': sign('s3cret', rawBody, NOW_SECONDS - SIGNATURE_TOLERANCE_SECONDS) }))).resolves.toBeTruthy();
      const old = await rejection(params, request({ 'x-flowbridge-signature': sign('s3cret', rawBody, NOW_SECONDS - SIGNATURE_TOLERANCE_SECONDS - 1) }));
      expect(old).toBeInstanceOf(AuthError);
      expect((old as AuthError).message).toMatch(/replay/);
      expect(await rejection(params, request({ 'x-flowbridge-signature': sign('s3cret', rawBody, NOW_SECONDS + 3600) }))).toBeInstanceOf(AuthError);
    });

    it('refuses a signature whose timestamp was changed after signing', async () => {
      const signature = sign('s3cret', rawBody, NOW_SECONDS - 10).replace(`t=${NOW_SECONDS - 10}`, `t=${NOW_SECONDS}`);
      expect(await rejection(params, request({ 'x-flowbridge-signature': signature }))).toBeInstanceOf(AuthError);
    });

    it('keeps Authorization and Cookie headers out of the stored delivery', async () => {
      const result = await receive({ path: 'deal-won' }, request({ authorization: 'Bearer abc.def', cookie: 'sid=1', 'x-request-id': 'r-2' }));
      expect((result?.output as { headers: Record<string, string> }).headers).toEqual({ 'content-type': 'application/json', authorization: '[redacted]', cookie: '[redacted]', 'x-request-id': 'r-2' });
    });

    it('refuses a signature made with another secret or over another body', async () => {
      expect(await rejection(params, request({ 'x-flowbridge-signature': sign('other', rawBody) }))).toBeInstanceOf(AuthError);
      const tampered = Buffer.from(JSON.stringify({ ...payload, deal: { id: 4711, price: 1 } }));
      expect(await rejection(params, request({ 'x-flowbridge-signature': sign('s3cret', rawBody) }, tampered))).toBeInstanceOf(AuthError);
    });

    it('refuses a bare signature and the old sha256= form, which carry no timestamp', async () => {
      const bare = createHmac('sha256', 's3cret').update(rawBody).digest('hex');
      expect(await rejection(params, request({ 'x-flowbridge-signature': bare }))).toBeInstanceOf(AuthError);
      expect(await rejection(params, request({ 'x-flowbridge-signature': `sha256=${bare}` }))).toBeInstanceOf(AuthError);
    });
  });

  it('accepts any caller when no secret is set', async () => {
    await expect(receive({ path: 'deal-won' }, request({ 'x-flowbridge-secret': 'whatever' }))).resolves.toBeTruthy();
  });

  it('listens on its path without surrounding slashes', () => {
    const node: AnyNode = webhookTrigger;
    if (!isTrigger(node)) throw new Error('core.webhook must be a trigger');
    expect(node.definition.hookPath?.({ path: '/deal-won/' })).toBe('deal-won');
    expect(node.definition.hookPath?.({})).toBeUndefined();
  });
});
