import type { CatalogTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/es';

/** Spanish texts of the stripe connector and its nodes; English is the definitions themselves. */
export const es: CatalogTexts = {
  nodes: {
    'stripe.paymentSucceeded': {
      title: 'Pago realizado',
      description: 'Inicia una ejecución por payment_intent.succeeded y por sesiones de Checkout pagadas, verificadas con Stripe-Signature. Emite payment.succeeded con la clave metadata.invoice_id (o invoiceId, o el client_reference_id de la sesión).',
      params: {
        connection: { label: 'Conexión de Stripe' },
        path: { label: 'Ruta del webhook', description: 'Stripe envía a /hooks/<path>; que sea difícil de adivinar' },
        ...triggerKeys,
      },
    },
  },
  connectors: {
    stripe: {
      title: 'Stripe',
      description: 'Marca las facturas como pagadas a partir de webhooks firmados de Stripe (payment intents y sesiones de Checkout).',
      fields: {
        webhookSecret: {
          label: 'Secreto de firma del webhook',
          description: 'Desarrolladores → Webhooks → el secreto de firma del endpoint; cada endpoint tiene el suyo',
        },
        apiKey: {
          label: 'Clave secreta de API',
          description: 'Opcional: solo se usa para probar la conexión',
          placeholder: 'sk_live_… o rk_live_…',
        },
        baseUrl: { label: 'URL de la API' },
      },
    },
  },
};
