import type { CatalogTexts } from '../../../sdk';

export const ru: CatalogTexts = {
  connectors: {
    telegram: {
      title: 'Telegram',
      description: 'Telegram-бот, через который узел «Уведомление» отправляет сообщения: менеджеру, в группу продаж или в канал.',
      fields: {
        botToken: { label: 'Токен бота', description: 'От @BotFather: /newbot, затем токен, который он выдаст (123456789:AA…)' },
        baseUrl: { label: 'Адрес Bot API', description: 'Меняйте, только если у вас свой сервер Bot API' },
      },
    },
  },
};
