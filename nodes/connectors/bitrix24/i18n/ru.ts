import type { CatalogTexts, ParamTexts } from '../../../sdk';

const connection: ParamTexts = { label: 'Подключение Битрикс24' };
const hook: Record<string, ParamTexts> = {
  connection,
  path: { label: 'Путь хука', description: 'Часть адреса обработчика, указанного в исходящем вебхуке Битрикс24: https://<flowbridge>/hooks/<путь>' },
  dedupeKey: { label: 'Ключ дедупликации', description: 'Выражение над $trigger; повторная доставка с тем же ключом не запускает процесс (например, {{ $trigger.body.eventId }})' },
  businessKey: { label: 'Бизнес-ключ', description: 'Выражение над $trigger, сохраняемое в запуске для поиска (например, номер сделки)' },
};
const dealId: ParamTexts = { label: 'ID сделки' };
const invoiceId: ParamTexts = { label: 'ID счёта' };
const fieldsCamel: ParamTexts = { label: 'Другие поля', description: 'Поле → значение в camelCase, например ufCrm5_1725365197310 → Net 7' };

export const ru: CatalogTexts = {
  connectors: {
    bitrix24: {
      title: 'Битрикс24',
      description: 'CRM Битрикс24: реагирует на события сделок, смарт-счетов и задач; читает и меняет сделки, контакты и счета, печатает счета в PDF, ставит и читает задачи и дела, уведомляет сотрудников, находит руководителя отдела, читает списки.',
      fields: {
        webhookUrl: {
          label: 'Адрес входящего вебхука',
          description: 'Ресурсы разработчика → Другое → Входящий вебхук, с правами crm, task, im, user, department и lists. Вызовы выполняются с правами пользователя, создавшего вебхук.',
        },
        applicationToken: {
          label: 'Токен приложения исходящего вебхука',
          description: 'Нужен только триггерам: токен, показанный при создании исходящего вебхука; события с другим токеном отклоняются',
        },
      },
    },
  },
  nodes: {
    'bitrix24.dealCreated': {
      title: 'Сделка создана',
      description: 'Запускает процесс при создании сделки в Битрикс24. Добавьте в Битрикс24 исходящий вебхук (Ресурсы разработчика → Другое → Исходящий вебхук) на событие ONCRMDEALADD с обработчиком https://<flowbridge>/hooks/<путь хука> и скопируйте его токен приложения в подключение.',
      params: { ...hook },
    },
    'bitrix24.dealUpdated': {
      title: 'Сделка изменена',
      description: 'Запускает процесс при каждом изменении сделки Битрикс24 (событие ONCRMDEALUPDATE, обработчик https://<flowbridge>/hooks/<путь хука>). Событие содержит только номер сделки; сделка перечитывается внутри процесса. Чтобы реагировать только на смену стадии, используйте «Стадия сделки изменилась».',
      params: { ...hook },
    },
    'bitrix24.dealStageChanged': {
      title: 'Стадия сделки изменилась',
      description: 'Запускает процесс, когда сделка Битрикс24 переходит на другую стадию (или на выбранную). Отправляйте события ONCRMDEALUPDATE и ONCRMDEALADD на https://<flowbridge>/hooks/<путь хука>. В них только номер сделки, поэтому сделка перечитывается внутри процесса, а её стадия сравнивается с последней, которую видел этот процесс; прочие правки сделки процесс не запускают. Первое событие по сделке, которую процесс ещё не видел, считается сменой стадии.',
      params: { ...hook, stageId: { label: 'Стадия сделки', description: 'Только сделки, перешедшие на эту стадию; пусто — любая смена стадии' } },
    },
    'bitrix24.invoiceCreated': {
      title: 'Счёт создан',
      description: 'Запускает процесс при создании смарт-счёта в Битрикс24, например чтобы уведомить руководителя отдела. Отправляйте событие ONCRMDYNAMICITEMADD на https://<flowbridge>/hooks/<путь хука>; элементы других типов пропускаются. (Старые счета, crm.invoice.*, не поддерживаются.)',
      params: { ...hook },
    },
    'bitrix24.invoiceStageChanged': {
      title: 'Статус счёта изменился',
      description: 'Запускает процесс, когда смарт-счёт переходит на другую стадию (или на выбранную, например «Отправлен клиенту»). Отправляйте ONCRMDYNAMICITEMUPDATE и ONCRMDYNAMICITEMADD на https://<flowbridge>/hooks/<путь хука>. Счёт перечитывается внутри процесса, а его стадия сравнивается с последней, которую видел этот процесс.',
      params: { ...hook, stageId: { label: 'Стадия счёта', description: 'Только счета, перешедшие на эту стадию; пусто — любая смена стадии' } },
    },
    'bitrix24.invoicePaid': {
      title: 'Счёт оплачен',
      description: 'Запускает процесс, когда смарт-счёт попадает на стадию оплаты (стадию с семантикой успеха), например чтобы продвинуть сделку и рассчитать комиссию. Отправляйте ONCRMDYNAMICITEMUPDATE и ONCRMDYNAMICITEMADD на https://<flowbridge>/hooks/<путь хука>. Последующие правки оплаченного счёта ничего не запускают; также фиксируется бизнес-событие bitrix24.invoice.paid с ключом — номером счёта, для ожиданий.',
      params: { ...hook },
    },
    'bitrix24.taskUpdated': {
      title: 'Задача изменена',
      description: 'Запускает процесс при каждом изменении задачи Битрикс24 (событие ONTASKUPDATE, обработчик https://<flowbridge>/hooks/<путь хука>). Задача перечитывается внутри процесса вместе со статусом, ответственным и привязками к CRM.',
      params: { ...hook },
    },
    'bitrix24.taskCompleted': {
      title: 'Задача завершена',
      description: 'Запускает процесс, когда задача Битрикс24 завершена (статус 5), например чтобы создать встречу для руководителя проекта. Отправляйте ONTASKUPDATE на https://<flowbridge>/hooks/<путь хука>. Правки уже завершённой задачи ничего не запускают; задача, возобновлённая и снова завершённая, запускает новый процесс.',
      params: { ...hook },
    },
    'bitrix24.getDeal': {
      title: 'Получить сделку',
      description: 'Читает сделку Битрикс24: стадию, сумму, ответственного и все пользовательские поля (UF_CRM_…).',
      params: { connection, dealId },
    },
    'bitrix24.attachFile': {
      title: 'Прикрепить файл к сделке',
      description: 'Записывает файл из предыдущего шага (например, акт из «Сформировать документ») в файловое поле сделки Битрикс24.',
      params: {
        connection: { label: 'Подключение Битрикс24' },
        dealId: { label: 'Id сделки' },
        field: { label: 'Файловое поле', description: 'Пользовательское поле типа «файл», например UF_CRM_ACT_FILE' },
        file: { label: 'Файл', description: 'Вложение: { filename, contentBase64 }, например {{ $steps.act }}' },
      },
    },
    'bitrix24.createDeal': {
      title: 'Создать сделку',
      description: 'Создаёт сделку Битрикс24 для записи другой системы, например потенциальной продажи партнёрского портала. Идентификатор записи хранится в сделке (ORIGIN_ID), поэтому одна запись никогда не создаёт две сделки.',
      params: {
        connection,
        originId: { label: 'Идентификатор записи в другой системе', description: 'Например {{ $trigger.sale.id }}; пусто — собственный ключ шага (повтор всё равно найдёт свою сделку)' },
        title: { label: 'Название сделки' },
        stageId: { label: 'Стадия сделки', description: 'Пусто — первая стадия воронки' },
        opportunity: { label: 'Сумма' },
        assignedById: { label: 'Ответственный', description: 'Пусто — пользователь вебхука' },
        comments: { label: 'Комментарий' },
        fields: { label: 'Другие поля', description: 'Код поля → значение, например UF_CRM_INN → {{ $trigger.sale.clientInn }}' },
      },
    },
    'bitrix24.updateDeal': {
      title: 'Изменить сделку',
      description: 'Переводит сделку Битрикс24 на стадию и/или записывает её поля (например, ссылку на оплату). Повторная запись тех же значений ничего не меняет, поэтому повтор безопасен.',
      params: {
        connection,
        dealId,
        stageId: { label: 'Стадия сделки', description: 'Оставьте пустым, чтобы не менять стадию' },
        title: { label: 'Название сделки' },
        opportunity: { label: 'Сумма' },
        assignedById: { label: 'Ответственный', description: 'Оставьте пустым, чтобы не менять ответственного' },
        field: { label: 'Поле', description: 'Ещё одно поле для записи, например пользовательское поле «Ссылка на оплату»' },
        value: { label: 'Значение', description: 'Значение выбранного поля; пустое значение очищает поле' },
        fields: { label: 'Другие поля', description: 'Код поля → значение, например UF_CRM_1725365197310 → {{ $steps.invoice.url }}' },
        registerEvent: { label: 'Показать в живой ленте' },
      },
    },
    'bitrix24.createInvoice': {
      title: 'Создать счёт',
      description: 'Создаёт смарт-счёт Битрикс24, привязанный к сделке. При повторе находит счёт, созданный прошлой попыткой (по внешнему коду), а не создаёт второй.',
      params: {
        connection,
        dealId: { label: 'ID сделки', description: 'Сделка, к которой относится счёт' },
        title: { label: 'Название', description: 'Пусто — Битрикс24 пронумерует сам' },
        opportunity: { label: 'Сумма' },
        currencyId: { label: 'Валюта' },
        stageId: { label: 'Стадия счёта', description: 'Пусто — первая стадия' },
        companyId: { label: 'ID компании' },
        contactId: { label: 'ID контакта' },
        assignedById: { label: 'Ответственный', description: 'Пусто — пользователь вебхука' },
        closedate: { label: 'Оплатить до', description: 'Срок оплаты счёта' },
        fields: fieldsCamel,
      },
    },
    'bitrix24.getInvoice': {
      title: 'Получить счёт',
      description: 'Читает смарт-счёт Битрикс24: стадию, оплачен ли он, сумму, сделку и пользовательские поля.',
      params: { connection, invoiceId },
    },
    'bitrix24.updateInvoice': {
      title: 'Изменить счёт',
      description: 'Переводит смарт-счёт Битрикс24 на стадию (например, «Оплачен») и/или записывает его поля, например срок оплаты, перенесённый на рабочий день.',
      params: {
        connection,
        invoiceId,
        stageId: { label: 'Стадия счёта', description: 'Оставьте пустым, чтобы не менять стадию' },
        opportunity: { label: 'Сумма' },
        closedate: { label: 'Оплатить до' },
        fields: fieldsCamel,
      },
    },
    'bitrix24.listInvoiceProducts': {
      title: 'Товары счёта',
      description: 'Читает товарные позиции смарт-счёта Битрикс24, например чтобы поставить задачи отделам по товарам из счёта.',
      params: { connection, invoiceId, maxRows: { label: 'Не больше', description: 'Позиции читаются по 50 за запрос' } },
    },
    'bitrix24.listTasks': {
      title: 'Список задач',
      description: 'Читает задачи, привязанные к смарт-счёту или сделке (или поставленные сотруднику), и сколько из них ещё не завершено, например чтобы поставить задачу бухгалтеру, когда завершена последняя задача по оплаченному счёту.',
      params: {
        connection,
        invoiceId: { label: 'ID счёта', description: 'Задачи, показанные в этом смарт-счёте' },
        dealId: { label: 'ID сделки', description: 'Задачи, показанные в этой сделке' },
        responsibleId: { label: 'Ответственный', description: 'Только задачи этого сотрудника' },
        maxTasks: { label: 'Не больше', description: 'Задачи читаются по 50 за запрос' },
      },
    },
    'bitrix24.listInvoices': {
      title: 'Список счетов',
      description: 'Читает смарт-счета на стадии (например, «Отправлен клиенту»), по сделке или по ответственному, например чтобы каждое утро напоминать клиентам о неоплаченных счетах.',
      params: {
        connection,
        stageId: { label: 'Стадия счёта', description: 'Только счета на этой стадии; пусто — на любой' },
        dealId: { label: 'ID сделки', description: 'Только счета этой сделки' },
        assignedById: { label: 'Ответственный', description: 'Только счета этого сотрудника' },
        maxItems: { label: 'Не больше', description: 'Счета читаются по 50 за запрос' },
      },
    },
    'bitrix24.getContact': {
      title: 'Получить контакт',
      description: 'Читает контакт Битрикс24 с его адресами e-mail и телефонами, например клиента сделки, которому нужно отправить счёт.',
      params: { connection, contactId: { label: 'ID контакта' } },
    },
    'bitrix24.invoicePdf': {
      title: 'PDF счёта',
      description: 'Печатает смарт-счёт по шаблону документа и передаёт его PDF дальше как вложение, например чтобы «Уведомить» отправил его клиенту по e-mail. Печатная форма, созданная после последнего изменения счёта, используется повторно; пока Битрикс24 ещё конвертирует PDF, шаг повторяется.',
      params: {
        connection,
        invoiceId,
        templateId: { label: 'ID шаблона документа', description: 'CRM → Смарт-счета → Печать → Шаблоны: ID формы счёта' },
        stamps: { label: 'Печать и подпись' },
        filename: { label: 'Имя файла', description: 'Пусто — invoice-<номер документа>.pdf' },
      },
    },
    'bitrix24.createTask': {
      title: 'Создать задачу',
      description: 'Создаёт задачу Битрикс24 для сотрудника со сроком, привязанную к сделке и/или смарт-счёту. При повторе находит задачу, созданную прошлой попыткой (по внешнему коду).',
      params: {
        connection,
        title: { label: 'Название' },
        description: { label: 'Описание' },
        responsibleId: { label: 'Ответственный', description: 'Кто выполняет задачу' },
        deadline: { label: 'Крайний срок' },
        createdBy: { label: 'Постановщик', description: 'Пусто — пользователь вебхука' },
        dealId: { label: 'ID сделки', description: 'Показывать задачу в этой сделке' },
        invoiceId: { label: 'ID счёта', description: 'Показывать задачу в этом смарт-счёте' },
      },
    },
    'bitrix24.addTodo': {
      title: 'Добавить дело',
      description: 'Добавляет дело (активность CRM со сроком) в сделку или смарт-счёт, например «Согласовать выполненную работу с клиентом». При повторе сначала ищет открытое дело, созданное прошлой попыткой.',
      params: {
        connection,
        ownerType: { label: 'Где', options: { deal: 'Сделка', invoice: 'Смарт-счёт' } },
        ownerId: { label: 'ID сделки или счёта' },
        title: { label: 'Название' },
        description: { label: 'Описание' },
        deadline: { label: 'Крайний срок', description: 'Пусто — через 24 часа' },
        responsibleId: { label: 'Ответственный', description: 'Пусто — ответственный по сделке' },
      },
    },
    'bitrix24.notifyUser': {
      title: 'Уведомить сотрудника',
      description: 'Отправляет сотруднику Битрикс24 персональное уведомление (колокольчик), например руководителю отдела о новом счёте.',
      params: {
        connection,
        userId: { label: 'Получатель', description: 'ID пользователя, например {{ $steps.head.head.id }}' },
        message: { label: 'Сообщение', description: 'Работает BB-код: [b]жирный[/b], [url=…]ссылка[/url]' },
        messageOut: { label: 'Текст для почты и push', description: 'Пусто — само сообщение' },
        tag: { label: 'Тег', description: 'Новое уведомление с тем же тегом заменяет старое; пусто — один тег на запуск и узел, поэтому повтор не уведомит дважды' },
      },
    },
    'bitrix24.findDepartmentHead': {
      title: 'Найти руководителя отдела',
      description: 'Находит руководителя отдела сотрудника, например начальника менеджера, чтобы уведомить его о новом счёте. Если сотрудник сам руководит отделом, берётся руководитель вышестоящего отдела.',
      params: { connection, userId: { label: 'Сотрудник', description: 'Чьего руководителя найти, например {{ $trigger.deal.assignedById }}' } },
    },
    'bitrix24.listElements': {
      title: 'Прочитать элементы списка',
      description: 'Читает элементы списка Битрикс24 (справочника объектов, тарифов или стандартов уборки), чтобы перенести их данные в сделку.',
      params: {
        connection,
        listId: { label: 'Список' },
        filter: { label: 'Фильтр', description: 'Поле → значение, например NAME → Офис 12 или PROPERTY_118 → {{ $trigger.deal.fields.UF_CRM_OBJECT }}' },
        maxItems: { label: 'Не больше', description: 'Элементы читаются по 50 за запрос' },
      },
    },
  },
};
