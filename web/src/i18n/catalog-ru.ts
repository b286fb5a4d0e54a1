import type { CatalogDict, ParamTexts } from './catalog';

/** Shared by every trigger (nodes/sdk/trigger-fields.ts). */
const triggerKeys: Record<'dedupeKey' | 'businessKey', ParamTexts> = {
  dedupeKey: {
    label: 'Ключ дедупликации',
    description: 'Выражение от $trigger; повторная доставка с тем же ключом не запускает сценарий (например, {{ $trigger.body.eventId }})',
  },
  businessKey: {
    label: 'Бизнес-ключ',
    description: 'Выражение от $trigger, которое сохраняется в запуске, чтобы по нему можно было искать (например, id сделки)',
  },
};

const kommoConnection: ParamTexts = { label: 'Подключение Kommo' };
const easycountConnection: ParamTexts = { label: 'Подключение EasyCount' };
const leadId: ParamTexts = { label: 'Id сделки' };
const kommoHookPath: ParamTexts = {
  label: 'Путь вебхука',
  description: 'Секретная часть адреса, который вы указываете в Kommo: /hooks/<path>. Kommo не подписывает вебхуки, поэтому путь должен быть длинным и неугадываемым.',
};
const timeUnits = { minutes: 'минуты', hours: 'часы', days: 'дни', workdays: 'рабочие дни' };
const successUrl: ParamTexts = { label: 'Адрес возврата после оплаты' };
const currency: ParamTexts = { label: 'Валюта' };

export const catalogRu: CatalogDict = {
  ports: {
    approved: 'согласовано',
    default: 'иначе',
    done: 'готово',
    error: 'ошибка',
    event: 'событие',
    false: 'нет',
    form: 'форма',
    item: 'элемент',
    out: 'выход',
    rejected: 'отклонено',
    timeout: 'тайм-аут',
    true: 'да',
  },
  nodes: {
    'core.forEach': {
      title: 'Для каждого',
      description: 'Выполняет узлы, подключённые к «элемент», для каждого элемента списка (строки товаров счёта, менеджеры отдела); в выражениях доступны {{ $item }} и {{ $index }}. Затем продолжает с «готово» с тем, чем закончилась каждая итерация: { results, count, errors }. Завершённый элемент не выполняется повторно даже после сбоя.',
      params: {
        items: { label: 'Элементы', description: 'Список, например {{ $steps.deal.products }}' },
        batchSize: { label: 'Элементов за итерацию', description: 'Если больше 1, {{ $item }} — список из не более чем стольких элементов' },
        concurrency: { label: 'Элементов одновременно', description: 'Сколько итераций могут ждать одновременно (таймер, событие, вложенный сценарий); начинаются по порядку' },
        onItemError: { label: 'Если элемент завершился ошибкой', options: { fail: 'Остановить: цикл завершается ошибкой (порт ошибки или ошибка запуска)', continue: 'Продолжить: добавить в errors' } },
      },
    },
    'core.subflow': {
      title: 'Вложенный сценарий',
      description: 'Запускает опубликованный сценарий (например, «уведомить руководителя отдела», общий для многих сценариев) с этими входными данными и ждёт его завершения. Результаты его узлов возвращаются сюда; его ошибка завершает этот шаг ошибкой, поэтому подключите порт ошибки, чтобы её обработать. Родительский и дочерний запуски ссылаются друг на друга.',
      params: {
        flowId: { label: 'Сценарий', description: 'Id опубликованного сценария; он стартует со своего ручного триггера с входными данными как данными запуска' },
        input: { label: 'Входные данные', description: '$trigger вложенного сценария, например {"dealId": "{{ $trigger.lead.id }}"}' },
        timeoutAmount: { label: 'Прекратить ожидание через' },
        timeoutUnit: { label: 'Единица', options: timeUnits },
      },
    },
    'core.approval': {
      title: 'Согласование',
      description: 'Просит согласовать или отклонить (комиссию, скидку, акт). Согласующие отвечают на странице «Согласования» во Flowbridge или по подписанной ссылке; запуск продолжается, когда набран кворум, или сразу отклоняется, если включено вето и кто-то отклонил. Кто и когда ответил, хранится в шаге.',
      params: {
        title: { label: 'Что согласовать', placeholder: 'Комиссия по сделке {{ $trigger.lead.id }}' },
        details: { label: 'Подробности' },
        approvers: { label: 'Согласующие', description: 'E-mail пользователей и role:<имя> для всех с этой ролью, через запятую; или выражение, дающее список' },
        quorum: { label: 'Нужно согласований' },
        veto: { label: 'Одно «нет» отклоняет' },
        timeoutAmount: { label: 'Тайм-аут через' },
        timeoutUnit: { label: 'Единица', options: timeUnits },
      },
    },
    'core.waitForForm': {
      title: 'Ожидание формы',
      description: 'Приостанавливает запуск, пока кто-нибудь не заполнит форму по подписанной ссылке ({{ $links.ask }} для узла с id ask; сначала отправьте её письмом или запишите в CRM), или не истечёт тайм-аут. Ответы сопоставляются по ключу формы, поэтому ветка напоминания может снова ждать ту же форму.',
      params: {
        title: { label: 'Заголовок формы', placeholder: 'Как будем обмениваться актами?' },
        description: { label: 'Текст над полями' },
        formKey: { label: 'Ключ формы', description: 'Бизнес-ключ, к которому относится ответ, например {{ $trigger.lead.id }}' },
        fields: {
          label: 'Поля',
          fields: {
            name: { label: 'Имя' },
            label: { label: 'Подпись' },
            type: { label: 'Тип', options: { text: 'текст', number: 'число', select: 'выбор', date: 'дата', file: 'файл' } },
            options: { label: 'Варианты (через запятую, для выбора)' },
            required: { label: 'Обязательное' },
          },
        },
        timeoutAmount: { label: 'Тайм-аут через' },
        timeoutUnit: { label: 'Единица', options: timeUnits },
      },
    },
    'core.code': {
      title: 'Код',
      description: 'Тело функции на JavaScript, выполняется в песочнице; доступны $trigger, $steps, $prev, $run и $vars; верните объект.',
      params: { code: { label: 'Код' } },
    },
    'core.delay': {
      title: 'Пауза',
      description: 'Приостанавливает запуск на время или до начала следующего рабочего дня. Рабочие дни считаются по производственному календарю и часовому поясу процесса. Ожидание хранится в Postgres: ни воркер, ни память не заняты, перезапуски ничего не теряют.',
      params: {
        amount: { label: 'Длительность' },
        unit: { label: 'Единица', options: timeUnits },
        until: { label: 'Ждать', options: { duration: 'указанное время', nextWorkdayStart: 'до начала следующего рабочего дня' } },
        hour: { label: 'Начало рабочего дня (час)', description: 'Для режима «до начала следующего рабочего дня», в часовом поясе процесса.' },
      },
    },
    'core.waitUntil': {
      title: 'Ждать до даты',
      description: 'Приостанавливает запуск до указанных даты и времени, при желании перенося их с выходного или праздника по производственному календарю процесса. Дата без времени означает полночь в часовом поясе процесса; прошедшая дата — продолжить сразу.',
      params: {
        until: { label: 'До', description: 'например, {{ $trigger.deal.paymentDate }} или 2026-05-12T09:00' },
        shift: { label: 'Перенести на рабочий день', options: { none: 'не переносить', next: 'на следующий рабочий день', previous: 'на предыдущий рабочий день' } },
      },
    },
    'core.shiftToWorkday': {
      title: 'Перенос на рабочий день',
      description: 'Переносит дату с выходного или праздника на следующий (или предыдущий) рабочий день по производственному календарю процесса, например плановую дату оплаты. Рабочий день остаётся как есть.',
      params: {
        date: { label: 'Дата', description: 'например, {{ $steps.invoice.dueDate }}' },
        direction: { label: 'Направление', options: { next: 'следующий рабочий день', previous: 'предыдущий рабочий день' } },
      },
    },
    'core.fail': {
      title: 'Остановить с ошибкой',
      description: 'Завершает запуск ошибкой с указанным сообщением.',
      params: { message: { label: 'Сообщение' } },
    },
    'core.notify': {
      title: 'Уведомление',
      description: 'Отправляет письмо (с вложениями из предыдущего шага, например PDF счёта) или сообщение в Telegram, например руководителю отдела, найденному выше по сценарию. Повтор шага отправляет письмо с тем же Message-ID; у Telegram такого ключа нет, поэтому повтор после потерянного ответа может продублировать сообщение.',
      params: {
        channel: { label: 'Канал', options: { email: 'Электронная почта', telegram: 'Telegram' } },
        emailConnection: { label: 'Почтовое подключение' },
        to: { label: 'Кому', description: 'Адреса через запятую или выражение, которое даёт список', placeholder: 'rukovoditel@example.com, {{ $steps.dept.headEmail }}' },
        cc: { label: 'Копия' },
        replyTo: { label: 'Адрес для ответа' },
        subject: { label: 'Тема', placeholder: 'Создан счёт {{ $steps.invoice.number }}' },
        text: { label: 'Текст', description: 'Обычный текст письма или всё сообщение в Telegram (не более 4096 символов)' },
        html: { label: 'HTML-версия', description: 'Только для e-mail: оформленная версия, которую почтовые программы показывают вместо текста, если умеют' },
        attachments: {
          label: 'Вложения',
          description: 'Только для e-mail: {"filename": "invoice.pdf", "contentBase64": "…"} или {"filename", "url"}, либо их список, например {{ $steps.invoice.pdf }}; всего не более 10 файлов и 10 МБ',
        },
        telegramConnection: { label: 'Telegram-бот' },
        chatId: { label: 'Id чата', description: 'Человек, группа или канал, куда бот может писать: числовой id или @имяканала' },
        parseMode: { label: 'Форматирование', options: { plain: 'Обычный текст', MarkdownV2: 'MarkdownV2' } },
      },
    },
    'core.http': {
      title: 'HTTP-запрос',
      description: 'Вызывает любой HTTP API. Ответы 5xx и сетевые сбои повторяются по политике узла; при 429 учитывается Retry-After.',
      params: {
        method: { label: 'Метод' },
        url: { label: 'Адрес (URL)' },
        headers: { label: 'Заголовки' },
        body: { label: 'Тело запроса' },
        timeoutMs: { label: 'Тайм-аут (мс)' },
        failOnStatus: { label: 'Ошибка при ответе 4xx/5xx' },
      },
    },
    'core.if': {
      title: 'Условие',
      description: 'Направляет сценарий по ветке «да» или «нет».',
      params: {
        condition: { label: 'Условие', description: 'Выражение, например {{ $trigger.body.amount > 1000 }}' },
      },
    },
    'core.manual': {
      title: 'Ручной запуск',
      description: 'Запускает сценарий из редактора или через POST /api/flows/:id/run с переданными данными.',
      params: { ...triggerKeys },
    },
    'core.map': {
      title: 'Сопоставление полей',
      description: 'Собирает объект из именованных выражений.',
      params: {
        fields: { label: 'Поля', description: 'Любое значение может быть выражением, например {{ $trigger.body.price * 1.2 }}' },
      },
    },
    'core.respond': {
      title: 'Ответ на вебхук',
      description: 'Отвечает на запрос вебхука, запустивший сценарий, этим статусом, телом и заголовками, если запуск дошёл сюда вовремя (по умолчанию за 10 с); иначе вызывающий уже получил 202 с id запуска.',
      params: {
        status: { label: 'Статус' },
        body: { label: 'Тело', description: 'Отправляется как JSON; может содержать выражения, например {{ $steps.invoice.body.id }}' },
        headers: { label: 'Заголовки' },
      },
    },
    'core.schedule': {
      title: 'Расписание',
      description: 'Запускает сценарий во времена cron-выражения в заданном часовом поясе; ровно один запуск на каждое время, сколько бы воркеров ни работало.',
      params: {
        cron: { label: 'Cron-выражение', description: 'Пять полей (минута час день месяц день недели) или шесть, с секундами в начале, например 0 9 * * 1-5' },
        timezone: { label: 'Часовой пояс', description: 'Имя IANA; если пусто — часовой пояс сценария, иначе Europe/Moscow' },
        workingDaysOnly: { label: 'Только рабочие дни', description: 'Времена, выпадающие на выходной день производственного календаря сценария, не запускают его' },
        missed: {
          label: 'Пропущенные времена',
          description: 'Что происходит со временами, прошедшими, пока система была остановлена',
          options: { runOnce: 'Один запуск за все пропущенные', skip: 'Пропустить' },
        },
      },
    },
    'core.switch': {
      title: 'Выбор ветки',
      description: 'Направляет в первую ветку, значение которой совпадает с входным, иначе — в ветку «иначе».',
      params: {
        value: { label: 'Значение', description: 'например, {{ $trigger.body.status }}' },
        cases: {
          label: 'Ветки',
          fields: {
            port: { label: 'Название выхода' },
            equals: { label: 'Равно' },
          },
        },
      },
    },
    'core.waitForEvent': {
      title: 'Ожидание события',
      description: 'Приостанавливает запуск, пока не придёт бизнес-событие (например, payment.succeeded по этому счёту) или не истечёт тайм-аут. Событие сопоставляется по ключу корреляции, а не по адресу возобновления. Тайм-аут в рабочих днях считается по производственному календарю процесса.',
      params: {
        eventType: { label: 'Тип события' },
        correlationKey: { label: 'Ключ корреляции', description: 'например, {{ $steps.invoice.docId }}' },
        timeoutAmount: { label: 'Тайм-аут через' },
        timeoutUnit: { label: 'Единица', options: timeUnits },
      },
    },
    'core.webhook': {
      title: 'Вебхук',
      description: 'Запускает сценарий, когда приходит запрос на /hooks/<path>.',
      params: {
        path: { label: 'Путь', description: 'Запросы на /hooks/<path> запускают этот сценарий' },
        secret: {
          label: 'Секрет',
          description: 'Отправитель передаёт его в заголовке x-flowbridge-secret или подписывает «<секунды unix>.<исходное тело запроса>» HMAC-SHA256 и передаёт x-flowbridge-signature: t=<секунды unix>,v1=<hex>',
        },
        ...triggerKeys,
      },
    },
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
    'kommo.addNote': {
      title: 'Добавить примечание к сделке',
      description: 'Добавляет текстовое примечание в ленту сделки, например «Счёт INV-1001 отправлен: <ссылка>».',
      params: {
        connection: kommoConnection,
        leadId,
        text: { label: 'Текст' },
      },
    },
    'kommo.button': {
      title: 'Кнопка Kommo',
      description: 'Запускает сценарий, когда менеджер нажимает кнопку виджета в карточке сделки или Salesbot доходит до шага widget_request (адрес https://<flowbridge>/hooks/<путь вебхука>, данные {"lead_id": "{{lead.id}}"}). Запрос должен содержать токен, подписанный секретным ключом интеграции из подключения. Salesbot ждёт, пока ему не ответит шаг «Продолжить Salesbot».',
      params: {
        connection: kommoConnection,
        path: kommoHookPath,
        audience: {
          label: 'Публичный адрес Flowbridge',
          description: 'Если задан, токены виджета, выпущенные для другого получателя (их поле aud), отклоняются',
        },
        ...triggerKeys,
      },
    },
    'kommo.continueSalesbot': {
      title: 'Продолжить Salesbot',
      description: 'Позволяет Salesbot, вызвавшему триггер «Кнопка Kommo», продолжить работу; бот ждёт, пока не выполнится этот шаг. Следующие шаги бота читают данные как {{json.<key>}}.',
      params: {
        connection: kommoConnection,
        returnUrl: { label: 'Адрес возврата' },
        data: { label: 'Данные для бота', description: 'например, status → success, link → {{ $steps.invoice.paymentUrl }}' },
        message: { label: 'Сообщение для показа', description: 'Необязательный текст, который бот покажет в чате' },
      },
    },
    'kommo.createTask': {
      title: 'Создать задачу по сделке',
      description: 'Создаёт задачу в Kommo по сделке, например «Позвонить клиенту: счёт не оплачен 3 рабочих дня».',
      params: {
        connection: kommoConnection,
        leadId,
        text: { label: 'Текст' },
        dueAt: { label: 'Срок', description: 'Дата и время, к которым задачу нужно выполнить; если пусто — через 24 часа' },
        taskType: { label: 'Тип', options: { '1': 'Связаться', '2': 'Встреча' } },
        responsibleUserId: { label: 'Id ответственного', description: 'Id пользователя Kommo; если пусто — владелец токена' },
        durationMinutes: { label: 'Длительность (мин)' },
      },
    },
    'kommo.getLead': {
      title: 'Получить сделку',
      description: 'Читает сделку Kommo с этапом, бюджетом, дополнительными полями и контактами.',
      params: {
        connection: kommoConnection,
        leadId,
        contactDetails: {
          label: 'Загрузить данные контактов',
          description: 'Имена, телефоны и эл. почта связанных контактов (ещё один запрос)',
        },
      },
    },
    'kommo.leadStatusChanged': {
      title: 'Сделка перешла на этап',
      description: 'Запускает сценарий, когда сделка Kommo переходит на этап воронки. В Kommo добавьте вебхук (Настройки → Интеграции → Web hooks, событие смены статуса сделки, или действие «Отправить webhook» в цифровой воронке) на адрес https://<flowbridge>/hooks/<путь вебхука>. Сделка заново читается через API внутри запуска, с повторными попытками.',
      params: {
        connection: kommoConnection,
        path: kommoHookPath,
        pipelineId: { label: 'Воронка', description: 'Только сделки в этой воронке; пусто — любая' },
        statusId: { label: 'Этап воронки', description: 'Только сделки, перешедшие на этот этап; пусто — любой' },
        ...triggerKeys,
      },
    },
    'kommo.updateLead': {
      title: 'Обновить сделку',
      description: 'Переводит сделку Kommo на этап воронки и/или записывает её бюджет, название и дополнительные поля (например, платёжную ссылку).',
      params: {
        connection: kommoConnection,
        leadId,
        statusId: {
          label: 'Этап воронки',
          description: 'Оставьте пустым, чтобы не менять этап. Для «Успешно реализовано» / «Закрыто и не реализовано» сделка остаётся в своей воронке, если другая не выбрана.',
        },
        pipelineId: { label: 'Воронка', description: 'Нужна только для переноса сделки в другую воронку' },
        price: { label: 'Бюджет' },
        name: { label: 'Название сделки' },
        customFields: {
          label: 'Дополнительные поля',
          description: 'Id поля (или код поля) → значение, например 900003 → {{ $steps.invoice.paymentUrl }}. Пустое значение очищает поле; { "enum_id": 123 } выбирает вариант списка.',
        },
      },
    },
    'stripe.paymentSucceeded': {
      title: 'Платёж прошёл',
      description: 'Запускает сценарий по payment_intent.succeeded и оплаченным сессиям Checkout, проверенным по Stripe-Signature. Выдаёт событие payment.succeeded с ключом metadata.invoice_id (или invoiceId, или client_reference_id сессии).',
      params: {
        connection: { label: 'Подключение Stripe' },
        path: { label: 'Путь вебхука', description: 'Stripe отправляет запросы на /hooks/<path>; сделайте путь трудноугадываемым' },
        ...triggerKeys,
      },
    },
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
    telegram: {
      title: 'Telegram',
      description: 'Telegram-бот, через который узел «Уведомление» отправляет сообщения: менеджеру, в группу продаж или в канал.',
      fields: {
        botToken: { label: 'Токен бота', description: 'От @BotFather: /newbot, затем токен, который он выдаст (123456789:AA…)' },
        baseUrl: { label: 'Адрес Bot API', description: 'Меняйте, только если у вас свой сервер Bot API' },
      },
    },
    easycount: {
      title: 'EasyCount (EZcount)',
      description: 'Израильская система выставления счетов: налоговые счета и квитанции, страницы оплаты и проверка платежей.',
      fields: {
        apiKey: { label: 'API-ключ', description: 'В настройках EZcount → API; демо-ключи выдаются с бесплатным аккаунтом demo.ezcount.co.il' },
        developerEmail: { label: 'Эл. почта разработчика', description: 'По этому адресу EZcount узнаёт интегратора при каждом вызове' },
        baseUrl: { label: 'Адрес API', description: 'https://demo.ezcount.co.il для тестовой среды' },
      },
    },
    kommo: {
      title: 'Kommo',
      description: 'Сделки Kommo (amoCRM): реагирует на смену этапа и кнопки в карточке, читает и обновляет сделки, добавляет примечания и задачи.',
      fields: {
        baseUrl: { label: 'Адрес аккаунта', description: 'https://{поддомен}.kommo.com (для amoCRM: https://{поддомен}.amocrm.ru)' },
        accessToken: {
          label: 'Долгосрочный токен',
          description: 'Настройки → Интеграции → ваша частная интеграция → Ключи и доступы → Долгосрочный токен',
        },
        integrationSecret: {
          label: 'Секретный ключ интеграции',
          description: 'Нужен только для триггера «Кнопка Kommo»: им проверяются токены, которые подписывают виджеты и Salesbot в Kommo',
        },
      },
    },
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
