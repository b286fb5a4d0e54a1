import type { CatalogTexts } from '../../../sdk';

export const es: CatalogTexts = {
  connectors: {
    telegram: {
      title: 'Telegram',
      description: 'Un bot de Telegram por el que el nodo «Notificar» envía mensajes: a un gestor, a un grupo de ventas o a un canal.',
      fields: {
        botToken: { label: 'Token del bot', description: 'De @BotFather: /newbot y luego el token que entrega (123456789:AA…)' },
        baseUrl: { label: 'URL de la Bot API', description: 'Cámbiela solo si tiene su propio servidor de la Bot API' },
      },
    },
  },
};
