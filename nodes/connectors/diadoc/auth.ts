import { ConfigError, ownText, type CredentialField } from '../../sdk';

/**
 * A Diadoc connection. The token comes from a login and password (`POST /V3/Authenticate`), or an
 * admin pastes one they obtained otherwise (a certificate login); only the first can be renewed.
 */
export interface DiadocAuth {
  baseUrl: string;
  /** The developer key (ddauth_api_client_id) Kontur issues to an integration. */
  apiClientId: string;
  login?: string;
  password?: string;
  token?: string;
  /** The box documents are sent from and events are read for; empty: the first box of the first organisation. */
  boxId?: string;
}

export const DIADOC_URL = 'https://diadoc-api.kontur.ru';

export const diadocCredentialFields: Record<string, CredentialField> = {
  baseUrl: { label: 'Diadoc API URL', default: DIADOC_URL, placeholder: DIADOC_URL, description: 'https://diadoc-api.kontur.ru; a test stand URL when Kontur gave you one' },
  apiClientId: { label: 'Developer key', secret: true, required: true, description: 'The integrator key (ddauth_api_client_id) Kontur issued for this integration' },
  login: { label: 'Login', description: 'A Diadoc user allowed to work with the box below; with a password, the token is renewed by itself' },
  password: { label: 'Password', secret: true },
  token: { label: 'Token', secret: true, description: 'A ready authentication token instead of a login and password (e.g. from a certificate login); it cannot be renewed here' },
  boxId: { label: 'Box id', placeholder: 'a1b2c3d4…@diadoc.ru', description: 'The box documents are sent from; empty: the first box of your first organisation' },
};

export function readDiadocAuth(raw: Record<string, unknown>): DiadocAuth {
  const value = (key: string) => ownText(raw, key)?.trim() ?? '';
  const apiClientId = value('apiClientId');
  if (!apiClientId) throw new ConfigError('The Diadoc connection needs the developer key (ddauth_api_client_id)');
  if (/[,\s"]/.test(apiClientId)) throw new ConfigError('The Diadoc developer key cannot contain commas, spaces or quotes');
  const login = value('login');
  const password = Object.hasOwn(raw, 'password') && typeof raw.password === 'string' ? raw.password : '';
  const token = value('token');
  if (!(login && password) && !token) throw new ConfigError('The Diadoc connection needs a login and a password, or a token');
  if (token && /[,\s"]/.test(token)) throw new ConfigError('The Diadoc token cannot contain commas, spaces or quotes');
  return {
    baseUrl: normaliseBaseUrl(value('baseUrl') || DIADOC_URL),
    apiClientId,
    ...(login && password ? { login, password } : {}),
    ...(token ? { token } : {}),
    boxId: value('boxId') || undefined,
  };
}

function normaliseBaseUrl(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) throw new ConfigError(`Diadoc API URL '${value}' is not a URL; expected ${DIADOC_URL}`);
  const url = new URL(withScheme);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
