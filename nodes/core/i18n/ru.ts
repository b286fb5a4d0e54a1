import type { CatalogTexts } from '../../sdk/texts';
import { triggerKeys } from '../../sdk/i18n/ru';

const timeUnits = { minutes: 'минуты', hours: 'часы', days: 'дни', workdays: 'рабочие дни' };

/** Russian texts of the core nodes and the port names; English is the definitions themselves. */
export const ru: CatalogTexts = {
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
    'core.document': {
      title: 'Сформировать документ (PDF)',
      description: 'Формирует акт, счёт или любой документ с таблицей строк в PDF: название, номер и дата, две стороны, строки с количеством и ценой, итог. Его результат { filename, contentType, contentBase64 } — вложение для «Уведомления» или файловое поле CRM.',
      params: {
        title: { label: 'Название', placeholder: 'Акт оказанных услуг' },
        number: { label: 'Номер' },
        date: { label: 'Дата', description: 'Если пусто — сегодня' },
        seller: { label: 'От кого', description: 'Кто выставляет: название, ИНН/КПП, адрес' },
        buyer: { label: 'Кому', description: 'Кто получает' },
        lines: { label: 'Строки', fields: { description: { label: 'Наименование' }, quantity: { label: 'Количество' }, price: { label: 'Цена' } } },
        currency: { label: 'Валюта' },
        language: { label: 'Язык документа', options: { ru: 'Русский', en: 'Английский', es: 'Испанский' } },
        footer: { label: 'Текст под таблицей', placeholder: 'Услуги оказаны полностью, заказчик претензий не имеет.' },
        filename: { label: 'Имя файла', placeholder: 'акт-{{ $trigger.deal.id }}.pdf' },
      },
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
    'core.commission': {
      title: 'Комиссия',
      description: 'Считает комиссию по таблице правил: процент по порогам суммы, по товару или по менеджеру, фиксированные бонусы и ограничения. «Первое подходящее правило» берёт одно правило на сумму; «Накопительные пороги» применяют процент каждого порога к части суммы внутри него. Деньги считаются точно (десятичные числа, не float); каждая часть округляется до копейки, а расшифровка объясняет результат.',
      params: {
        amount: { label: 'Сумма', description: 'База, например {{ $steps.invoice.opportunity }}; десятичная запятая допустима. Оставьте пустой, если заданы строки товаров' },
        currency: { label: 'Валюта' },
        manager: { label: 'Менеджер', description: 'Для правил одного менеджера, например {{ $steps.deal.ASSIGNED_BY_ID }}' },
        lines: { label: 'Строки товаров', description: 'Необязательный список { product, amount }: правила товара применяются к его строкам, например {{ $steps.rows.result }}' },
        mode: { label: 'Как сочетаются правила', options: { first: 'Первое подходящее правило', tiers: 'Накопительные пороги' } },
        rules: {
          label: 'Правила',
          fields: {
            label: { label: 'Название' },
            manager: { label: 'Только для менеджера' },
            product: { label: 'Только для товара' },
            from: { label: 'От суммы (включительно)' },
            to: { label: 'До суммы (не включая)' },
            percent: { label: 'Процент' },
            fixed: { label: 'Фиксированный бонус' },
            cap: { label: 'Не более' },
          },
        },
        cap: { label: 'Всего не более', description: 'Потолок для всей комиссии' },
        rounding: { label: 'Округление', options: { halfUp: 'К ближайшему, половина вверх (0,005 → 0,01)', halfEven: 'К чётному (банковское)', down: 'Вниз', up: 'Вверх' } },
      },
    },
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
  },
};
