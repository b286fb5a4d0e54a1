import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

const connection: ParamTexts = { label: 'Подключение Аспро.Cloud' };
const customerId: ParamTexts = { label: 'Id клиента', description: 'Компания или контакт в CRM Аспро.Cloud, на кого выставлен счёт' };
const invoiceId: ParamTexts = { label: 'Id счёта' };
const subscriptionEndField: ParamTexts = {
  label: 'Поле окончания подписки',
  description: 'Пользовательское поле с датой окончания подписки; выводится как subscriptionEndsAt',
};

/** Russian texts of the aspro connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'aspro.createInvoice': {
      title: 'Создать счёт',
      description: 'Создаёт счёт в Аспро.Cloud на клиента, например на продление подписки. Повтор шага находит счёт, созданный прошлой попыткой, и не выставляет второй.',
      params: {
        connection,
        customerId,
        total: { label: 'Сумма' },
        invoiceDate: { label: 'Дата счёта', description: 'Если пусто — сегодня' },
        dueDate: { label: 'Оплатить до' },
        description: { label: 'Описание', description: 'Примечание в счёте, например «Подписка, март 2026 – март 2027»' },
        currencyId: { label: 'Id валюты', description: 'Id валюты в Аспро.Cloud; если пусто — валюта аккаунта по умолчанию' },
        statusId: { label: 'Id статуса', description: 'Id статуса счёта в Аспро.Cloud; если пусто — статус новых счетов по умолчанию' },
        customFields: {
          label: 'Пользовательские поля',
          description: 'cf_<id> → значение, например cf_12 → {{ $steps.renewal.endsAt }} для даты окончания подписки',
        },
      },
    },
    'aspro.getCustomer': {
      title: 'Получить клиента',
      description: 'Читает компанию или контакт CRM Аспро.Cloud, на кого выставлен счёт: название, контакты, пользовательские поля и, из указанного поля, дату окончания подписки.',
      params: { connection, customerId, subscriptionEndField },
    },
    'aspro.getInvoice': {
      title: 'Получить счёт',
      description: 'Читает счёт Аспро.Cloud: номер, даты, суммы, оплачен ли он и, из указанного поля, когда заканчивается подписка, за которую он выставлен.',
      params: { connection, invoiceId, subscriptionEndField },
    },
    'aspro.invoicePaid': {
      title: 'Счёт оплачен',
      description:
        'Запускает сценарий на каждый счёт Аспро.Cloud, который стал оплаченным; список счетов читается раз в минуту (вебхуков об оплате Аспро.Cloud не присылает). '
        + 'Также возникает событие aspro.invoice.paid с ключом — id счёта, которого могут ждать шаги «Ждать событие». Счета, оплаченные до публикации сценария, ничего не запускают.',
      params: {
        connection,
        paidStatusId: {
          label: 'Id статуса «Оплачен»',
          description: 'Id статуса оплаченных счетов в вашем аккаунте; если пусто — оплаченным считается счёт с датой оплаты и оплатами на всю сумму',
        },
        subscriptionEndField,
        ...triggerKeys,
      },
    },
    'aspro.listInvoices': {
      title: 'Список счетов',
      description: 'Выбирает счета Аспро.Cloud по статусу, клиенту и дате счёта, например неоплаченные старше недели. Читает не больше «Страниц» страниц по 100 счетов; truncated говорит, что счетов было больше.',
      params: {
        connection,
        statusId: { label: 'Id статуса', description: 'Только счета в этом статусе; пусто — в любом' },
        customerId,
        paid: { label: 'Оплата', options: { any: 'Оплаченные и нет', paid: 'Только оплаченные', unpaid: 'Только неоплаченные' } },
        dateFrom: { label: 'Дата счёта с' },
        dateTo: { label: 'Дата счёта по' },
        subscriptionEndField,
        maxPages: { label: 'Страниц', description: 'Сколько страниц читать не больше (1–20)' },
      },
    },
    'aspro.setInvoiceStatus': {
      title: 'Изменить статус счёта',
      description: 'Переводит счёт Аспро.Cloud в статус, например «Оплачен», когда платёжная система подтвердила оплату. Id статусов свои в каждом аккаунте: Финансы → Настройки → Статусы счетов.',
      params: { connection, invoiceId, statusId: { label: 'Id статуса' } },
    },
  },
  connectors: {
    aspro: {
      title: 'Аспро.Cloud',
      description: 'Счета и подписки Аспро.Cloud: создание счетов, смена их статуса, реакция на оплату, дата окончания подписки.',
      fields: {
        accountUrl: { label: 'Адрес аккаунта', description: 'Адрес вашего аккаунта Аспро.Cloud, https://{company}.aspro.cloud' },
        apiKey: { label: 'API-ключ', description: 'Настройки → Интеграции → API' },
      },
    },
  },
};
