import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';
import { INVOICE_FIELDS, SALE_FIELDS } from '../mapping';

const list = (defaults: Record<string, string>) => Object.entries(defaults).map(([k, v]) => `${k} → ${v}`).join(', ');
const connection: ParamTexts = { label: 'Подключение Контур.Биллинга' };
const saleMapping: ParamTexts = {
  label: 'Сопоставление полей',
  description: `Имя поля потенциальной продажи в портале, если оно не такое, как по умолчанию (${list(SALE_FIELDS)}); для вложенных полей — путь через точку`,
};
const invoiceMapping: ParamTexts = {
  label: 'Сопоставление полей',
  description: `Имя поля счёта в портале, если оно не такое, как по умолчанию (${list(INVOICE_FIELDS)}); для вложенных полей — путь через точку`,
};
const saleId: ParamTexts = { label: 'Id потенциальной продажи', description: 'Id потенциальной продажи в портале' };
const values: Record<string, ParamTexts> = {
  clientName: { label: 'Название клиента', description: 'Организация или ИП, как в реквизитах' },
  clientInn: { label: 'ИНН клиента', description: '10 цифр у организации, 12 у ИП' },
  clientKpp: { label: 'КПП клиента', description: 'Для организации' },
  contactName: { label: 'Контактное лицо' },
  contactPhone: { label: 'Телефон контакта' },
  contactEmail: { label: 'E-mail контакта' },
  orderType: { label: 'Тип заказа', description: 'Как его называет портал, например новое подключение или продление' },
  product: { label: 'Продукт' },
  completionDate: { label: 'Дата завершения', description: 'ГГГГ-ММ-ДД или ДД.ММ.ГГГГ' },
  comment: { label: 'Комментарий' },
  status: { label: 'Статус', description: 'Статус потенциальной продажи в портале; пусто — решает портал' },
  extraFields: { label: 'Другие поля портала', description: 'Поля портала, которых этот шаг не знает, под собственными именами портала (для вложенных — путь через точку)' },
};

/** Russian texts of the kontur-billing connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'kontur-billing.createPotentialSale': {
      title: 'Создать потенциальную продажу',
      description:
        'Регистрирует потенциальную продажу в партнёрском портале Контур.Биллинг (реквизиты клиента, контакт, тип заказа, продукт, дата завершения, комментарий) не больше одного раза на внешний id: '
        + 'сначала ищет продажу с этим внешним id (id сделки в вашей CRM) и отвечает ею (created = false), а не создаёт вторую, так что повтор шага никогда не дублирует.',
      params: {
        connection,
        externalId: { label: 'Внешний id', description: 'Id сделки в вашей CRM; портал хранит его, по нему продажа находится снова' },
        ...values,
        fieldMapping: saleMapping,
      },
    },
    'kontur-billing.findPotentialSale': {
      title: 'Найти потенциальную продажу',
      description: 'Ищет потенциальную продажу в партнёрском портале Контур.Биллинг по внешнему id (id сделки в вашей CRM) или по ИНН клиента. Если её нет, found = false; sales — все найденные (не больше 100).',
      params: {
        connection,
        externalId: { label: 'Внешний id', description: 'Id сделки в вашей CRM; важнее ИНН' },
        clientInn: { label: 'ИНН клиента' },
        fieldMapping: saleMapping,
      },
    },
    'kontur-billing.getInvoice': {
      title: 'Получить счёт',
      description: 'Читает счёт из партнёрского портала Контур.Биллинг со статусом и оплатами; paid говорит, оплачен ли он.',
      params: { connection, invoiceId: { label: 'Id счёта' }, fieldMapping: invoiceMapping },
    },
    'kontur-billing.getPotentialSale': {
      title: 'Получить потенциальную продажу',
      description: 'Читает потенциальную продажу из партнёрского портала Контур.Биллинг по её id.',
      params: { connection, saleId, fieldMapping: saleMapping },
    },
    'kontur-billing.invoicePaid': {
      title: 'Счёт оплачен',
      description:
        'Запускает сценарий на каждый счёт, который партнёрский портал Контур.Биллинг сообщает оплаченным (читается раз в минуту), один раз на счёт, сколько бы раз о нём ни сообщили. '
        + 'Возникает и событие kontur.invoice.paid с ключом — id счёта и с id сделки вашей CRM (externalId), которого могут ждать шаги «Ждать событие».',
      params: {
        connection,
        fieldMapping: invoiceMapping,
        saleFieldMapping: { ...saleMapping, label: 'Сопоставление полей потенциальной продажи' },
        ...triggerKeys,
      },
    },
    'kontur-billing.potentialSaleChanged': {
      title: 'Потенциальная продажа создана или изменена',
      description:
        'Запускает сценарий на каждую потенциальную продажу, зарегистрированную или изменённую в партнёрском портале Контур.Биллинг после прошлого опроса (раз в минуту, по порядку времени изменения), один раз на изменение. '
        + 'change говорит, новая ли она; sale.externalId — id сделки в вашей CRM, если продажа пришла из CRM.',
      params: {
        connection,
        only: { label: 'Изменения', options: { all: 'Новые и изменённые', created: 'Только новые', updated: 'Только изменённые' } },
        fieldMapping: saleMapping,
        ...triggerKeys,
      },
    },
    'kontur-billing.updatePotentialSale': {
      title: 'Изменить потенциальную продажу',
      description: 'Меняет потенциальную продажу в партнёрском портале Контур.Биллинг: отправляются только заданные поля, пустые оставляют то, что в портале.',
      params: { connection, saleId, ...values, fieldMapping: saleMapping },
    },
  },
  connectors: {
    'kontur-billing': {
      title: 'Партнёрский портал Контур.Биллинг',
      description:
        'Потенциальные продажи и оплаты счетов в партнёрском портале Контур.Биллинг сервисного центра СКБ Контур. Его API не публичен: пути, имена полей, заголовок ключа и постраничная выдача ПРЕДПОЛОЖЕНЫ '
        + '(см. ASSUMPTIONS.md рядом с коннектором); задайте адрес API и заголовок ключа в подключении, а поля, которые портал называет иначе, сопоставьте в «Сопоставлении полей» каждого шага.',
      fields: {
        baseUrl: { label: 'Адрес API портала', description: 'Корень API партнёрского портала, как его дал Контур; к нему добавляются пути из ASSUMPTIONS.md' },
        apiKey: { label: 'Ключ API', description: 'Ключ API партнёра для портала' },
        apiKeyHeader: { label: 'Заголовок ключа API', description: 'Заголовок запроса, в котором передаётся ключ; Authorization со схемой Bearer — для bearer-токена' },
        apiKeyScheme: { label: 'Схема ключа API', description: 'Пишется перед ключом в этом заголовке; пусто — только ключ' },
      },
    },
  },
};
