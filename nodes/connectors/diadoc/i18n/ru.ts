import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

const connection: ParamTexts = { label: 'Подключение Диадока' };
const boxId: ParamTexts = { label: 'Id ящика', description: 'Наш ящик; пусто — тот, что указан в подключении' };
const messageId: ParamTexts = { label: 'Id сообщения', description: 'Id сообщения Диадока (GUID), например из шага «Отправить документ» или из триггера' };

/** Russian texts of the diadoc connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'diadoc.documentChanged': {
      title: 'Событие документа',
      description:
        'Запускает сценарий на каждое событие в ящике Диадока (сообщение отправлено или получено, подпись, отказ); лента событий ящика читается раз в минуту, каждое событие — один раз. '
        + 'Если контрагент подписал документ или отказал в подписи, возникает ещё и событие diadoc.document.signed или diadoc.document.rejected с ключом — id сообщения, которого могут ждать шаги «Ждать событие».',
      params: {
        connection,
        boxId,
        direction: { label: 'Документы', options: { Outbound: 'Отправленные нами', Inbound: 'Полученные', Any: 'Все' } },
        onlyOutcomes: { label: 'Только подписанные или отклонённые', description: 'Запускать сценарий только по документам, которые контрагент подписал или отклонил' },
        ...triggerKeys,
      },
    },
    'diadoc.findCounterparty': {
      title: 'Найти контрагента',
      description: 'Ищет организацию или ИП в Диадоке по ИНН (и КПП) и даёт его ящик, например чтобы перед отправкой проверить, что клиент может получать документы. Если ящика в Диадоке нет, found = false.',
      params: {
        connection,
        inn: { label: 'ИНН', description: '10 цифр у организации, 12 у ИП' },
        kpp: { label: 'КПП', description: 'Различает филиалы организации; пусто — любой' },
      },
    },
    'diadoc.getDocument': {
      title: 'Получить статус документа',
      description: 'Читает один документ сообщения Диадока и его статус; signed и rejected говорят, что сделал получатель.',
      params: {
        connection,
        messageId,
        entityId: { label: 'Id документа (сущности)', description: 'Id сущности документа внутри сообщения' },
        boxId,
      },
    },
    'diadoc.getMessage': {
      title: 'Получить сообщение',
      description: 'Читает сообщение Диадока с его документами и тем, где каждый из них: ждёт получателя, подписан, отклонён.',
      params: { connection, messageId, boxId },
    },
    'diadoc.getMyOrganizations': {
      title: 'Мои организации',
      description: 'Перечисляет организации, с которыми работает этот логин Диадока, и их ящики; boxId — ящик, который остальные шаги Диадока берут по умолчанию.',
      params: { connection },
    },
    'diadoc.sendDocument': {
      title: 'Отправить документ',
      description:
        'Отправляет файл (акт, счёт, договор) в ящик контрагента в Диадоке на подпись. С подписью он уходит сразу; без неё остаётся черновиком, который подписывают и отправляют в Диадоке. '
        + 'Повтор шага находит сообщение, отправленное прошлой попыткой, и не отправляет второе.',
      params: {
        connection,
        file: { label: 'Файл', description: 'Из предыдущего шага, например {{ $steps.act }}: { "filename": "act.pdf", "contentBase64": "…" }; не больше 10 МБ' },
        counterpartyInn: { label: 'ИНН контрагента', description: 'По нему находится ящик контрагента; с id ящика не нужен' },
        counterpartyKpp: { label: 'КПП контрагента', description: 'Различает филиалы организации' },
        toBoxId: { label: 'Id ящика контрагента', description: 'Ящик получателя, если он известен (например, из шага «Найти контрагента»)' },
        typeNamedId: {
          label: 'Тип документа',
          options: {
            Nonformalized: 'Любой файл (неформализованный)',
            UniversalTransferDocument: 'Универсальный передаточный документ (УПД)',
            XmlAcceptanceCertificate: 'Акт (XML)',
            Invoice: 'Счёт-фактура (XML)',
            Contract: 'Договор',
          },
        },
        function: { label: 'Функция', description: 'Для формализованных типов, например СЧФДОП для УПД; пусто — по умолчанию' },
        version: { label: 'Версия формата', description: 'Для формализованных типов; пусто — та, что выберет Диадок' },
        number: { label: 'Номер документа' },
        date: { label: 'Дата документа', description: 'ДД.ММ.ГГГГ' },
        comment: { label: 'Комментарий', description: 'Его видит контрагент' },
        signature: { label: 'Подпись (base64)', description: 'Откреплённая подпись CMS этого файла; пусто — документ остаётся черновиком для подписи в Диадоке' },
        needRecipientSignature: { label: 'Запросить подпись получателя' },
        boxId,
      },
    },
  },
  connectors: {
    diadoc: {
      title: 'Диадок (Контур) ЭДО',
      description: 'Электронный документооборот через Контур.Диадок: отправка актов, счетов и договоров в ящик контрагента, отслеживание подписания по ленте событий ящика, поиск контрагентов по ИНН.',
      fields: {
        baseUrl: { label: 'Адрес API Диадока', description: 'https://diadoc-api.kontur.ru; адрес тестового стенда, если Контур его выдал' },
        apiClientId: { label: 'Ключ разработчика', description: 'Ключ интегратора (ddauth_api_client_id), выданный Контуром для этой интеграции' },
        login: { label: 'Логин', description: 'Пользователь Диадока с доступом к ящику ниже; с паролем токен обновляется сам' },
        password: { label: 'Пароль' },
        token: { label: 'Токен', description: 'Готовый токен вместо логина и пароля (например, полученный входом по сертификату); здесь его обновить нельзя' },
        boxId: { label: 'Id ящика', description: 'Ящик, из которого отправляются документы; пусто — первый ящик первой вашей организации' },
      },
    },
  },
};
