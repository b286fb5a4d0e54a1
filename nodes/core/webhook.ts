import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError, defineTrigger, f, triggerKeyFields } from '../sdk';

const SECRET_HEADER = 'x-flowbridge-secret';
const SIGNATURE_HEADER = 'x-flowbridge-signature';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const webhookTrigger = defineTrigger({
  type: 'core.webhook',
  title: 'Webhook',
  category: 'Triggers',
  description: 'Starts a run when a request reaches /hooks/<path>.',
  source: 'webhook',
  params: {
    path: f.text({ label: 'Path', required: true, expressions: false, placeholder: 'deal-stage-changed', description: 'Requests to /hooks/<path> start this flow' }),
    secret: f.text({ label: 'Secret', expressions: false, description: `Callers send it in the ${SECRET_HEADER} header, or sign the raw body with HMAC-SHA256 in ${SIGNATURE_HEADER}: sha256=<hex>` }),
    ...triggerKeyFields,
  },
  sampleOutput: { method: 'POST', headers: { 'content-type': 'application/json' }, query: {}, body: {} },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  receive(request, params) {
    const headers = { ...request.headers };
    if (params.secret) {
      const given = headers[SECRET_HEADER];
      const signature = headers[SIGNATURE_HEADER];
      const expected = `sha256=${createHmac('sha256', params.secret).update(request.rawBody).digest('hex')}`;
      const ok = (given !== undefined && safeEqual(given, params.secret)) || (signature !== undefined && safeEqual(signature, expected));
      if (!ok) throw new AuthError(`Webhook secret or ${SIGNATURE_HEADER} missing or wrong`);
      delete headers[SECRET_HEADER];
    }
    return { output: { method: request.method, headers, query: request.query, body: request.body } };
  },
});
