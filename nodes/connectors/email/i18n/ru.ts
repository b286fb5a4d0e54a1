import type { CatalogTexts } from '../../../sdk';

export const ru: CatalogTexts = {
  connectors: {
    email: {
      title: 'Электронная почта (SMTP)',
      description: 'SMTP-ящик, через который узел «Уведомление» отправляет письма: счета клиентам, оповещения руководителю отдела.',
      fields: {
        host: { label: 'SMTP-сервер' },
        port: { label: 'Порт', description: '587 (STARTTLS) или 465 (TLS); 25 для ретранслятора на этой машине' },
        secure: { label: 'TLS с самого начала', description: 'true для порта 465; false переходит на STARTTLS, который обязателен, если сервер не на этой машине' },
        user: { label: 'Имя пользователя', description: 'Пусто для ретранслятора, которому не нужен вход' },
        password: { label: 'Пароль', description: 'Для Gmail или Яндекса — пароль приложения, а не пароль учётной записи' },
        from: { label: 'Отправитель (From)', placeholder: 'Робот Flowbridge <robot@example.com>', description: 'Адрес, от имени которого сервер разрешает отправлять этому ящику' },
      },
    },
  },
};
