import { ConfigError, ownText, type CredentialField } from '../../sdk';

export interface AsproAuth {
  /** https://{company}.aspro.cloud */
  baseUrl: string;
  apiKey: string;
}

export const asproCredentialFields: Record<string, CredentialField> = {
  accountUrl: {
    label: 'Account URL',
    required: true,
    placeholder: 'https://company.aspro.cloud',
    description: 'The address of your Aspro.Cloud account, https://{company}.aspro.cloud',
  },
  apiKey: { label: 'API key', secret: true, required: true, description: 'Settings → Integrations → API' },
};

export function readAsproAuth(raw: Record<string, unknown>): AsproAuth {
  const value = (key: string) => ownText(raw, key)?.trim() ?? '';
  const apiKey = value('apiKey');
  const accountUrl = value('accountUrl');
  if (!accountUrl || !apiKey) throw new ConfigError('The Aspro.Cloud connection needs the account URL and an API key');
  return { baseUrl: normaliseBaseUrl(accountUrl), apiKey };
}

function normaliseBaseUrl(value: string): string {
  // Admins paste "company", "company.aspro.cloud" or the full address from the browser.
  const host = /^[a-z0-9-]+$/i.test(value) ? `${value}.aspro.cloud` : value;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`;
  if (!URL.canParse(withScheme)) throw new ConfigError(`Aspro.Cloud account URL '${value}' is not a URL; expected https://{company}.aspro.cloud`);
  return new URL(withScheme).origin;
}
