import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../../sdk';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The `Stripe-Signature` header Stripe would send for `payload` (its SDKs' generate_signature_header). */
export function signStripePayload(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(`${timestamp}.`, payload, secret)}`;
}

/**
 * Stripe's scheme: HMAC-SHA256 over `${t}.${rawBody}` with the endpoint secret. Any `v1` may match
 * (several appear while a secret is rolled); `v0` and unknown schemes are ignored. Like the official
 * libraries only the age of `t` is checked, not future skew.
 */
export function verifyStripeSignature(input: { header: string | undefined; rawBody: Buffer | string; secret: string; now: Date; toleranceSeconds?: number }): void {
  if (!input.header) throw new AuthError('Missing Stripe-Signature header');
  const pairs = input.header.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestamp = Number(pairs.find(([k]) => k === 't')?.[1]);
  const signatures = pairs.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!Number.isInteger(timestamp) || !signatures.length) throw new AuthError('Stripe-Signature has no timestamp or no v1 signature');

  const expected = Buffer.from(hmac(`${timestamp}.`, input.rawBody, input.secret));
  const matches = signatures.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new AuthError('Stripe-Signature does not match the payload and the signing secret');

  const ageSeconds = input.now.getTime() / 1000 - timestamp;
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (ageSeconds > tolerance) throw new AuthError(`Stripe-Signature timestamp is ${Math.round(ageSeconds)} s old, more than ${tolerance} s`);
}

function hmac(prefix: string, body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(prefix).update(body).digest('hex');
}
