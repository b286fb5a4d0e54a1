import { ConfigError, type CredentialField } from '../../sdk';

export interface EasyCountAuth {
  apiKey: string;
  developerEmail: string;
  baseUrl: string;
}

export const EASYCOUNT_URL = 'https://api.ezcount.co.il';

export const easycountCredentialFields: Record<string, CredentialField> = {
  apiKey: { label: 'API key', secret: true, required: true, description: 'From EZcount settings → API; demo keys come with a free demo.ezcount.co.il account' },
  developerEmail: {
    label: 'Developer email',
    required: true,
    description: 'EZcount identifies the integrator by this address on every call',
  },
  baseUrl: { label: 'API URL', default: EASYCOUNT_URL, description: 'https://demo.ezcount.co.il for the sandbox' },
};

export function readEasyCountAuth(raw: Record<string, unknown>): EasyCountAuth {
  const apiKey = typeof raw.apiKey === 'string' ? raw.apiKey.trim() : '';
  const developerEmail = typeof raw.developerEmail === 'string' ? raw.developerEmail.trim() : '';
  if (!apiKey || !developerEmail) throw new ConfigError('The EasyCount connection needs an API key and a developer email');
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl.trim() ? raw.baseUrl.trim() : EASYCOUNT_URL;
  return { apiKey, developerEmail, baseUrl: baseUrl.replace(/\/+$/, '') };
}
