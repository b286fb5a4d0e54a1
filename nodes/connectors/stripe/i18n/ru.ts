import type { CatalogTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

/** Russian texts of the stripe connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'stripe.paymentSucceeded': {
      title: 'Платёж прошёл',
      description: 'Запускает сценарий по payment_intent.succeeded и оплаченным сессиям Checkout, проверенным по Stripe-Signature. Выдаёт событие payment.succeeded с ключом metadata.invoice_id (или invoiceId, или client_reference_id сессии).',
      params: {
        connection: { label: 'Подключение Stripe' },
        path: { label: 'Путь вебхука', description: 'Stripe отправляет запросы на /hooks/<path>; сделайте путь трудноугадываемым' },
        ...triggerKeys,
      },
    },
  },
  connectors: {
    stripe: {
      title: 'Stripe',
      description: 'Отмечает счета оплаченными по подписанным вебхукам Stripe (payment intents и сессии Checkout).',
      fields: {
        webhookSecret: {
          label: 'Секрет подписи вебхука',
          description: 'Developers → Webhooks → секрет подписи эндпоинта; у каждого эндпоинта он свой',
        },
        apiKey: {
          label: 'Секретный API-ключ',
          description: 'Необязательно: используется только для проверки подключения',
          placeholder: 'sk_live_… или rk_live_…',
        },
        baseUrl: { label: 'Адрес API' },
      },
    },
  },
};
