import type { CatalogTexts, ParamTexts } from '../../../sdk/texts';
import { triggerKeys } from '../../../sdk/i18n/ru';

const kommoConnection: ParamTexts = { label: 'Подключение Kommo' };

const leadId: ParamTexts = { label: 'Id сделки' };

const kommoHookPath: ParamTexts = {
  label: 'Путь вебхука',
  description: 'Секретная часть адреса, который вы указываете в Kommo: /hooks/<path>. Kommo не подписывает вебхуки, поэтому путь должен быть длинным и неугадываемым.',
};

/** Russian texts of the kommo connector and its nodes; English is the definitions themselves. */
export const ru: CatalogTexts = {
  nodes: {
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
        responsibleUserId: { label: 'Ответственный', description: 'Если пусто — владелец токена' },
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
  },
  connectors: {
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
  },
};
