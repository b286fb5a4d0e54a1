import { ConfigError, type CredentialField } from '../../sdk';

export interface YooKassaAuth {
  shopId: string;
  secretKey: string;
  baseUrl: string;
  /** CIDRs trusted besides YooKassa's own notification senders (a simulator, a test bench). */
  extraAllowedNetworks: string[];
}

export const YOOKASSA_URL = 'https://api.yookassa.ru';

export const yookassaCredentialFields: Record<string, CredentialField> = {
  shopId: { label: 'Shop ID', required: true, placeholder: '123456' },
  secretKey: { label: 'Secret key', secret: true, required: true, placeholder: 'live_… or test_…' },
  baseUrl: { label: 'API URL', default: YOOKASSA_URL },
  extraAllowedNetworks: {
    label: 'Extra notification senders',
    placeholder: '127.0.0.1/32',
    description: "Comma-separated CIDRs accepted besides YooKassa's published addresses; leave empty in production",
  },
};

export function readYooKassaAuth(raw: Record<string, unknown>): YooKassaAuth {
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
  const shopId = text('shopId');
  const secretKey = text('secretKey');
  if (!shopId || !secretKey) throw new ConfigError('The YooKassa connection needs a shop ID and a secret key');
  return {
    shopId,
    secretKey,
    baseUrl: (text('baseUrl') || YOOKASSA_URL).replace(/\/+$/, ''),
    extraAllowedNetworks: text('extraAllowedNetworks').split(/[\s,;]+/).filter(Boolean),
  };
}
