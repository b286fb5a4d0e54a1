import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../sdk';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The inbound webhook URL with a trailing slash, ready for `<method>.json`. Its path carries the
 * secret, so no message here ever repeats the URL.
 */
export function webhookBase(value: string | undefined): string {
  if (!value || !value.trim()) throw new ConfigError('The Bitrix24 connection has no inbound webhook URL', { field: 'webhookUrl' });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError('The Bitrix24 webhook URL is not a URL; expected https://<portal>.bitrix24.ru/rest/<user id>/<code>/', { field: 'webhookUrl' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!/^\/rest\/\d+\/[^/]+$/.test(path)) {
    throw new ConfigError(`The Bitrix24 webhook URL of ${url.host} does not look like /rest/<user id>/<code>/`, { field: 'webhookUrl' });
  }
  // Bitrix24 itself refuses plain HTTP; only local simulators get an exception.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(`The Bitrix24 webhook URL of ${url.host} must use https`, { field: 'webhookUrl' });
  }
  return `${url.origin}${path}/`;
}

/** The portal's host, safe to show in messages. */
export function portalOf(base: string): string {
  return new URL(base).host;
}

/** Compares an event's application_token with the connection's without leaking where they differ or their lengths. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
