import type { CatalogTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

/** Russian texts of the yookassa connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'yookassa.paymentSucceeded': {
      title: 'Платёж прошёл',
      description: 'Запускает сценарий по уведомлениям ЮKassa payment.succeeded с адресов ЮKassa; запуск сначала перечитывает платёж через API (с повторными попытками). Выдаёт событие payment.succeeded с ключом metadata.invoice_id (или invoiceId).',
      params: {
        connection: { label: 'Подключение ЮKassa' },
        path: { label: 'Путь вебхука', description: 'Укажите /hooks/<path> как адрес для HTTP-уведомлений в личном кабинете ЮKassa' },
        ...triggerKeys,
      },
    },
  },
  connectors: {
    yookassa: {
      title: 'ЮKassa',
      description: 'Отмечает счета оплаченными по HTTP-уведомлениям ЮKassa, проверяя адрес отправителя и заново запрашивая платёж.',
      fields: {
        shopId: { label: 'Идентификатор магазина (shopId)' },
        secretKey: { label: 'Секретный ключ', placeholder: 'live_… или test_…' },
        baseUrl: { label: 'Адрес API' },
        extraAllowedNetworks: {
          label: 'Дополнительные отправители уведомлений',
          description: 'CIDR через запятую, которые принимаются помимо опубликованных адресов ЮKassa; в рабочей среде оставьте пустым',
        },
      },
    },
  },
};
