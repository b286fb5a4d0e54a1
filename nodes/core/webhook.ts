import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError, defineTrigger, f, redactCredentialHeaders, triggerKeyFields } from '../sdk';

const SECRET_HEADER = 'x-flowbridge-secret';
const SIGNATURE_HEADER = 'x-flowbridge-signature';
/** How far a signature's timestamp may stray from our clock: wide enough for clock skew and a retry, no wider. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (several v1 while a secret is rotated). */
function parseSignature(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  return Number.isFinite(timestamp) && signatures.length ? { timestamp, signatures } : null;
}

/** Returns the matching signature; a replay inside the tolerance is caught by using it as the dedupe key. */
function verifySignature(header: string, secret: string, rawBody: Buffer, now: Date): string {
  const parsed = parseSignature(header);
  if (!parsed) throw new AuthError(`${SIGNATURE_HEADER} must read t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`);
  const skew = Math.abs(now.getTime() / 1000 - parsed.timestamp);
  if (skew > SIGNATURE_TOLERANCE_SECONDS) {
    throw new AuthError(`${SIGNATURE_HEADER} timestamp is ${Math.round(skew)} s away from now, more than ${SIGNATURE_TOLERANCE_SECONDS} s: refused as a possible replay`);
  }
  const expected = createHmac('sha256', secret).update(`${parsed.timestamp}.`).update(rawBody).digest('hex');
  const match = parsed.signatures.find((candidate) => safeEqual(candidate, expected));
  if (!match) throw new AuthError(`${SIGNATURE_HEADER} does not match the body`);
  return match;
}

export const webhookTrigger = defineTrigger({
  type: 'core.webhook',
  title: 'Webhook',
  category: 'Triggers',
  description: 'Starts a run when a request reaches /hooks/<path>.',
  source: 'webhook',
  params: {
    path: f.text({ label: 'Path', required: true, expressions: false, placeholder: 'deal-stage-changed', description: 'Requests to /hooks/<path> start this flow' }),
    secret: f.secret({ label: 'Secret', description: `Callers send it in the ${SECRET_HEADER} header, or sign "<unix seconds>.<raw body>" with HMAC-SHA256 and send ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>` }),
    ...triggerKeyFields,
  },
  sampleOutput: { method: 'POST', headers: { 'content-type': 'application/json' }, query: {}, body: {} },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  receive(request, params, ctx) {
    let dedupeKey: string | undefined;
    if (params.secret) {
      const given = request.headers[SECRET_HEADER];
      const signature = request.headers[SIGNATURE_HEADER];
      if (signature !== undefined) dedupeKey = `signature:${verifySignature(signature, params.secret, request.rawBody, ctx.now())}`;
      else if (given === undefined || !safeEqual(given, params.secret)) throw new AuthError(`Webhook secret (${SECRET_HEADER}) or signature (${SIGNATURE_HEADER}) missing or wrong`);
    }
    const output = { method: request.method, headers: redactCredentialHeaders(request.headers), query: request.query, body: request.body };
    return dedupeKey ? { output, dedupeKey } : { output };
  },
});
