import { ConfigError, type CredentialField } from '../../sdk';

export interface StripeAuth {
  webhookSecret: string;
  apiKey?: string;
  baseUrl: string;
}

export const STRIPE_URL = 'https://api.stripe.com';

export const stripeCredentialFields: Record<string, CredentialField> = {
  webhookSecret: {
    label: 'Webhook signing secret',
    secret: true,
    required: true,
    placeholder: 'whsec_…',
    description: "Developers → Webhooks → the endpoint's signing secret; each endpoint has its own",
  },
  apiKey: { label: 'Secret API key', secret: true, placeholder: 'sk_live_… or rk_live_…', description: 'Optional: only used to test the connection' },
  baseUrl: { label: 'API URL', default: STRIPE_URL },
};

export function readStripeAuth(raw: Record<string, unknown>): StripeAuth {
  const webhookSecret = typeof raw.webhookSecret === 'string' ? raw.webhookSecret.trim() : '';
  if (!webhookSecret) throw new ConfigError('The Stripe connection needs the webhook signing secret');
  const apiKey = typeof raw.apiKey === 'string' && raw.apiKey.trim() ? raw.apiKey.trim() : undefined;
  const baseUrl = typeof raw.baseUrl === 'string' && raw.baseUrl.trim() ? raw.baseUrl.trim() : STRIPE_URL;
  return { webhookSecret, apiKey, baseUrl: baseUrl.replace(/\/+$/, '') };
}
