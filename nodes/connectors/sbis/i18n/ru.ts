import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

const connection: ParamTexts = { label: 'Подключение СБИС' };

const documentId: ParamTexts = {
  label: 'Id документа',
  description: 'Идентификатор документа в СБИС (UUID), например из шага «Отправить документ на подпись» или из триггера',
};

/** Russian texts of the sbis connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
    'sbis.documentChanged': {
      title: 'Документ изменился',
      description:
        'Запускает сценарий на каждое изменение документов вашей организации в СБИС (отправлен, доставлен, подписан, отклонён…); список изменений СБИС читается раз в минуту. '
        + 'Если контрагент подписал или отклонил документ, возникает ещё и событие sbis.document.signed или sbis.document.rejected с ключом — id документа, которого могут ждать шаги «Ждать событие».',
      params: {
        connection,
        documentType: { label: 'Тип документа', description: 'Только документы этого типа СБИС; пусто — все' },
        onlyOutcomes: { label: 'Только подписанные или отклонённые', description: 'Запускать сценарий только по документам, которые контрагент подписал или отклонил' },
        ...triggerKeys,
      },
    },
    'sbis.downloadFile': {
      title: 'Скачать подписанный файл',
      description:
        'Скачивает файл документа СБИС после подписания в виде { filename, contentBase64 }, который следующие шаги могут приложить к письму или сохранить; с «Вместе с подписью» — ещё и файл подписи контрагента. Не больше 10 МБ.',
      params: {
        connection,
        documentId,
        attachment: { label: 'Вложение', description: 'Id вложения или имя файла; пусто — первое вложение, которое не служебное' },
        requireSigned: { label: 'Только подписанный', description: 'Завершиться ошибкой, если контрагент ещё не подписал документ' },
        withSignature: { label: 'Вместе с подписью', description: 'Скачать также файл подписи (.sgn) этого вложения' },
      },
    },
    'sbis.findCounterparty': {
      title: 'Найти контрагента',
      description: 'Ищет организацию или ИП в СБИС по ИНН (и КПП), например чтобы перед отправкой проверить, что клиент может получать документы через ЭДО. Если СБИС его не знает, found = false.',
      params: {
        connection,
        inn: { label: 'ИНН', description: '10 цифр у организации, 12 у ИП' },
        kpp: { label: 'КПП', description: 'Обязателен для организации' },
      },
    },
    'sbis.getDocument': {
      title: 'Получить документ',
      description: 'Читает документ СБИС: состояние (подписан, отклонён, в работе), контрагента, вложения и события.',
      params: { connection, documentId },
    },
    'sbis.sendDocument': {
      title: 'Отправить документ на подпись',
      description:
        'Отправляет файл (акт, счёт) контрагенту на подпись через ЭДО СБИС: записывает документ, готовит и выполняет отправку с подписью, которую СБИС хранит для вас. '
        + 'Повтор шага находит документ, записанный прошлой попыткой, и не отправляет второй.',
      params: {
        connection,
        documentType: {
          label: 'Тип документа',
          options: {
            ДокОтгрИсх: 'Акт или накладная (ДокОтгрИсх)',
            СчетИсх: 'Счёт на оплату (СчетИсх)',
            ФактураИсх: 'Счёт-фактура (ФактураИсх)',
            ДоговорИсх: 'Договор (ДоговорИсх)',
            АктСверИсх: 'Акт сверки (АктСверИсх)',
          },
        },
        number: { label: 'Номер документа' },
        date: { label: 'Дата документа', description: 'Если пусто — сегодня (по Москве)' },
        counterpartyInn: { label: 'ИНН контрагента', description: '10 цифр у организации, 12 у ИП' },
        counterpartyKpp: { label: 'КПП контрагента', description: 'Обязателен для организации' },
        counterpartyName: { label: 'Название контрагента', description: 'Показывается в СБИС, пока он не узнает контрагента по ИНН' },
        file: {
          label: 'Файл',
          description: 'Из предыдущего шага: { "filename": "act.pdf", "contentBase64": "…" } или { "filename": "act.pdf", "url": "https://…" }; не больше 10 МБ',
        },
        comment: { label: 'Комментарий', description: 'Примечание к документу и комментарий к отправке, их видит контрагент' },
        regulation: { label: 'Регламент', description: 'Название регламента документооборота СБИС; пусто — регламент по умолчанию для типа' },
      },
    },
  },
  connectors: {
    sbis: {
      title: 'СБИС (Saby) ЭДО',
      description: 'Электронный документооборот через СБИС (Saby): отправка актов и счетов на подпись, отслеживание их состояния, скачивание подписанных файлов.',
      fields: {
        baseUrl: { label: 'Адрес СБИС', description: 'https://online.sbis.ru или https://online.saby.ru; https://fix-online.sbis.ru — тестовый стенд' },
        login: { label: 'Логин', description: 'Пользователь СБИС, которому можно отправлять документы от организации ниже' },
        password: { label: 'Пароль' },
        ourInn: { label: 'Наш ИНН', description: 'ИНН организации, от которой отправляются документы' },
        ourKpp: { label: 'Наш КПП', description: 'КПП этой организации; для ИП — пусто' },
        certificateThumbprint: {
          label: 'Отпечаток сертификата',
          description: 'Отпечаток сертификата подписи, который СБИС хранит для вас (облачная подпись); пусто — тот, что предложит СБИС',
        },
      },
    },
  },
};
