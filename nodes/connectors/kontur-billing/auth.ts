import { ConfigError, ownText, type CredentialField } from '../../sdk';

/** A Kontur.Billing partner-portal connection. Everything here is assumed (see ASSUMPTIONS.md). */
export interface KonturBillingAuth {
  /** The API root, paths are appended to it: https://…/api/v1 */
  baseUrl: string;
  apiKey: string;
  /** The header the key goes in. */
  apiKeyHeader: string;
  /** Put before the key in the header ("Bearer"), or nothing. */
  apiKeyScheme?: string;
}

export const DEFAULT_KEY_HEADER = 'X-Api-Key';
// Headers the client sets itself, or that would change where or how the request goes.
const RESERVED_HEADERS = /^(host|content-type|content-length|accept|connection|transfer-encoding|cookie|te|upgrade|expect)$/i;

export const konturBillingCredentialFields: Record<string, CredentialField> = {
  baseUrl: {
    label: 'Portal API URL',
    required: true,
    placeholder: 'https://partner.example.kontur.ru/api/v1',
    description: 'The root of the partner portal\'s API as Kontur gave it to you; the paths of ASSUMPTIONS.md are added to it',
  },
  apiKey: { label: 'API key', secret: true, required: true, description: 'The partner\'s API key for the portal' },
  apiKeyHeader: { label: 'API key header', default: DEFAULT_KEY_HEADER, placeholder: DEFAULT_KEY_HEADER, description: 'The request header the key is sent in; Authorization with the scheme Bearer for a bearer token' },
  apiKeyScheme: { label: 'API key scheme', placeholder: 'Bearer', description: 'Written before the key in that header; empty: the key alone' },
};

export function readKonturBillingAuth(raw: Record<string, unknown>): KonturBillingAuth {
  const value = (key: string) => ownText(raw, key)?.trim() ?? '';
  const baseUrl = value('baseUrl');
  const apiKey = value('apiKey');
  if (!baseUrl || !apiKey) throw new ConfigError('The Kontur.Billing connection needs the portal API URL and an API key');
  if (/[\r\n]/.test(apiKey) || apiKey.length > 4096) throw new ConfigError('The Kontur.Billing API key must be one line of at most 4096 characters');
  const apiKeyHeader = value('apiKeyHeader') || DEFAULT_KEY_HEADER;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(apiKeyHeader) || RESERVED_HEADERS.test(apiKeyHeader)) throw new ConfigError(`'${apiKeyHeader.slice(0, 64)}' cannot carry the API key: use a header name such as ${DEFAULT_KEY_HEADER} or Authorization`);
  const apiKeyScheme = value('apiKeyScheme') || undefined;
  if (apiKeyScheme && !/^[A-Za-z0-9-]{1,32}$/.test(apiKeyScheme)) throw new ConfigError(`'${apiKeyScheme.slice(0, 32)}' is not an auth scheme such as Bearer`);
  return { baseUrl: normaliseBaseUrl(baseUrl), apiKey, apiKeyHeader: apiKeyHeader.toLowerCase(), apiKeyScheme };
}

function normaliseBaseUrl(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) throw new ConfigError(`Portal API URL '${value}' is not a URL`);
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`Portal API URL '${value}' is not an http(s) URL`);
  if (url.search || url.hash) throw new ConfigError('The portal API URL cannot carry a query or a fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
