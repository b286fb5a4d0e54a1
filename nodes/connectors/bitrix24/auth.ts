import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError, ownText, type CredentialField } from '../../sdk';
import type { Bitrix24Connection } from './types';

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

/** What a Bitrix24 connection asks an admin for. */
export const bitrix24CredentialFields: Record<string, CredentialField> = {
  webhookUrl: {
    label: 'Inbound webhook URL',
    secret: true,
    required: true,
    placeholder: 'https://example.bitrix24.ru/rest/1/abcdef0123456789/',
    description: 'Developer resources → Other → Inbound webhook, with the scopes crm, task, im, user, department and lists. Calls run with the rights of the user who created it.',
  },
  applicationToken: {
    label: 'Outbound webhook application token',
    secret: true,
    description: 'Only for triggers: the token shown when the outbound webhook was created; events carrying another token are refused',
  },
};

/** A connection's credentials as the client takes them (checked there); keys are read as own properties only. */
export function readBitrix24Auth(raw: Record<string, unknown>): Bitrix24Connection {
  return {
    webhookUrl: ownText(raw, 'webhookUrl') ?? '',
    applicationToken: ownText(raw, 'applicationToken'),
  };
}
