import { ConfigError, ownText, type CredentialField } from '../../sdk';
import { checkInn, checkKpp } from './requisites';

export interface SbisAuth {
  /** Origin of the SBIS online service: https://online.sbis.ru (https://online.saby.ru, test: https://fix-online.sbis.ru). */
  baseUrl: string;
  login: string;
  password: string;
  /** The organisation documents are sent from (НашаОрганизация). */
  ourInn: string;
  ourKpp?: string;
  /** Certificate thumbprint of the signature SBIS applies on its side (cloud signature); empty: SBIS picks it. */
  certificateThumbprint?: string;
}

export const SBIS_URL = 'https://online.sbis.ru';

export const sbisCredentialFields: Record<string, CredentialField> = {
  baseUrl: {
    label: 'SBIS URL',
    default: SBIS_URL,
    placeholder: SBIS_URL,
    description: 'https://online.sbis.ru or https://online.saby.ru; https://fix-online.sbis.ru for the test stand',
  },
  login: { label: 'Login', required: true, description: 'An SBIS user allowed to send documents for the organisation below' },
  password: { label: 'Password', secret: true, required: true },
  ourInn: { label: 'Our INN', required: true, placeholder: '7707083893', description: 'INN of the organisation documents are sent from' },
  ourKpp: { label: 'Our KPP', placeholder: '773601001', description: 'KPP of that organisation; empty for an individual entrepreneur' },
  certificateThumbprint: {
    label: 'Certificate thumbprint',
    description: 'Thumbprint of the signature certificate SBIS keeps for you (cloud signature); empty: the one SBIS offers',
  },
};

export function readSbisAuth(raw: Record<string, unknown>): SbisAuth {
  const value = (key: string) => ownText(raw, key)?.trim() ?? '';
  const login = value('login');
  const password = typeof raw.password === 'string' && Object.hasOwn(raw, 'password') ? raw.password : '';
  if (!login || !password) throw new ConfigError('The SBIS connection needs a login and a password');
  const ourInn = value('ourInn');
  const innProblem = checkInn(ourInn);
  if (innProblem) throw new ConfigError(`The SBIS connection's own INN: ${innProblem}`);
  const ourKpp = value('ourKpp') || undefined;
  const kppProblem = ourKpp ? checkKpp(ourKpp) : undefined;
  if (kppProblem) throw new ConfigError(`The SBIS connection's own KPP: ${kppProblem}`);
  return {
    baseUrl: normaliseBaseUrl(value('baseUrl') || SBIS_URL),
    login,
    password,
    ourInn,
    ourKpp,
    certificateThumbprint: value('certificateThumbprint').replace(/\s+/g, '') || undefined,
  };
}

function normaliseBaseUrl(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) throw new ConfigError(`SBIS URL '${value}' is not a URL; expected ${SBIS_URL}`);
  // Only the origin: the auth and service paths are fixed by SBIS.
  return new URL(withScheme).origin;
}
