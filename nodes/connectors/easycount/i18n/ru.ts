import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';

const easycountConnection: ParamTexts = { label: 'Подключение EasyCount' };

const successUrl: ParamTexts = { label: 'Адрес возврата после оплаты' };

const currency: ParamTexts = { label: 'Валюта' };

/** Russian texts of the easycount connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'easycount.createInvoice': {
      title: 'Выставить счёт',
      description: 'Создаёт документ в EasyCount (EZcount). Ключ идемпотентности шага передаётся как transaction_id, если не задан внешний идентификатор.',
      params: {
        connection: easycountConnection,
        documentType: {
          label: 'Тип документа',
          description: 'Документы с квитанцией (320, 400) фиксируют оплату, для них нужна «Оплаченная сумма»',
          options: {
            invoice: 'Налоговый счёт (305)',
            invoiceReceipt: 'Налоговый счёт-квитанция (320)',
            receipt: 'Квитанция (400)',
            proforma: 'Счёт по сделке / проформа (300)',
            quote: 'Коммерческое предложение (9999)',
          },
        },
        customerName: { label: 'Имя клиента' },
        customerEmail: { label: 'Эл. почта клиента' },
        customerPhone: { label: 'Телефон клиента' },
        items: {
          label: 'Позиции',
          description: 'Оставьте пустым, чтобы выставить «Сумму» одной строкой',
          fields: {
            description: { label: 'Описание' },
            quantity: { label: 'Количество' },
            price: { label: 'Цена за единицу' },
            vatType: {
              label: 'НДС',
              options: { PRE: 'Цена без НДС', INC: 'Цена включает НДС', NON: 'Без НДС (освобождено)' },
            },
          },
        },
        amount: { label: 'Сумма', description: 'Одна строка на эту сумму (с НДС), если «Позиции» пусты' },
        description: { label: 'Описание', description: 'Текст строки для «Суммы»; также печатается как комментарий к документу' },
        currency,
        language: { label: 'Язык документа', options: { he: 'Иврит', en: 'Английский' } },
        sendByEmail: { label: 'Отправить документ клиенту по эл. почте' },
        paidAmount: { label: 'Оплаченная сумма', description: 'Только для документов с квитанцией: оплата, которую фиксирует документ' },
        paymentType: {
          label: 'Способ оплаты',
          options: { creditCard: 'Банковская карта', bankTransfer: 'Банковский перевод', cash: 'Наличные' },
        },
        cgpId: {
          label: 'Транзакция страницы оплаты',
          description: 'Только для документов с квитанцией: cgpId из шага «Проверить оплату», связывает документ с оплатой картой',
        },
        externalReference: {
          label: 'Внешний идентификатор',
          description: 'Передаётся как transaction_id вместо ключа идемпотентности шага (например, номер заказа)',
        },
        paymentLink: {
          label: 'Также создать платёжную ссылку',
          description: 'Добавляет paymentUrl на сумму документа. Если ссылку не удалось создать после выставления документа, шаг завершается ошибкой без повтора',
        },
        successUrl,
      },
    },
    'easycount.createPaymentPage': {
      title: 'Создать страницу оплаты',
      description: 'Открывает в EasyCount форму оплаты на сумму и возвращает её адрес. Сохраните secretTransactionId: он понадобится шагу «Проверить оплату», когда клиент заплатит.',
      params: {
        connection: easycountConnection,
        amount: { label: 'Сумма', description: 'Сумма к оплате, например {{ $steps.invoice.total }}' },
        currency,
        installments: { label: 'Платежей в рассрочку, до' },
        successUrl,
        description: { label: 'Описание', description: 'Показывается плательщику, например «Счёт {{ $steps.invoice.docNumber }}»' },
      },
    },
    'easycount.validatePayment': {
      title: 'Проверить оплату',
      description: 'Спрашивает у EasyCount, оплачена ли страница оплаты. EZcount не присылает подписанных вебхуков: эта проверка на сервере по секретному id транзакции и есть подтверждение оплаты.',
      params: {
        connection: easycountConnection,
        secretTransactionId: { label: 'Секретный id транзакции', description: 'Из шага «Создать страницу оплаты»' },
        expectedAmount: { label: 'Ожидаемая сумма', description: 'Шаг завершается ошибкой, если оплаченная сумма отличается' },
      },
    },
  },
  connectors: {
    easycount: {
      title: 'EasyCount (EZcount)',
      description: 'Израильская система выставления счетов: налоговые счета и квитанции, страницы оплаты и проверка платежей.',
      fields: {
        apiKey: { label: 'API-ключ', description: 'В настройках EZcount → API; демо-ключи выдаются с бесплатным аккаунтом demo.ezcount.co.il' },
        developerEmail: { label: 'Эл. почта разработчика', description: 'По этому адресу EZcount узнаёт интегратора при каждом вызове' },
        baseUrl: { label: 'Адрес API', description: 'https://demo.ezcount.co.il для тестовой среды' },
      },
    },
  },
};
