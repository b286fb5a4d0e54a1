import { TemplateParamError, type FlowTemplate } from '../../flow-template';
import { bitrix24Connection, emailConnection, hookPath, hookPathParam, literal, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases } from '../bitrix24/shared';

interface Words {
  form: string; formText: string; electronic: string; paper: string;
  labels: { method: string; inn: string; kpp: string; operator: string; edoId: string };
  subject: string; mail: string; answered: string; remind: string;
}

const say: Phrases<Words> = {
  en: {
    form: 'How shall we exchange acts?',
    formText: 'Deal "{{ $trigger.deal.title }}": choose how you sign acts of services rendered; for EDO give your operator and EDO id.',
    electronic: 'Electronically (EDO)', paper: 'On paper',
    labels: { method: 'Exchange method', inn: 'INN', kpp: 'KPP', operator: 'EDO operator', edoId: 'EDO participant id' },
    subject: 'Deal "{{ $trigger.deal.title }}": how shall we exchange acts?',
    mail: 'Hello, {{ $steps.contact.contact.name }}!\n\nPlease tell us how you sign acts of services rendered, on paper or through EDO: {{ $links.ask }}\n\nThank you!',
    answered: 'The client of deal #{{ $trigger.deal.id }} "{{ $trigger.deal.title }}" answered: acts {{ $steps.{node}.answers.method }}.',
    remind: 'The client of deal #{{ $trigger.deal.id }} "{{ $trigger.deal.title }}" has not filled in the act exchange form for {days} working days. Contact them and clarify the acts; the form stays open: {{ $steps.ask.url }}',
  },
  ru: {
    form: 'Как обмениваться актами?',
    formText: 'Сделка «{{ $trigger.deal.title }}»: выберите способ подписания актов о выполненных работах; для ЭДО укажите оператора и идентификатор.',
    electronic: 'Электронно (ЭДО)', paper: 'На бумаге',
    labels: { method: 'Способ обмена', inn: 'ИНН', kpp: 'КПП', operator: 'Оператор ЭДО', edoId: 'Идентификатор участника ЭДО' },
    subject: 'Сделка «{{ $trigger.deal.title }}»: как обмениваться актами?',
    mail: 'Здравствуйте, {{ $steps.contact.contact.name }}!\n\nПодскажите, пожалуйста, как вам удобнее подписывать акты о выполненных работах — на бумаге или через ЭДО: {{ $links.ask }}\n\nСпасибо!',
    answered: 'Клиент по сделке №{{ $trigger.deal.id }} «{{ $trigger.deal.title }}» ответил: акты — {{ $steps.{node}.answers.method }}.',
    remind: 'Клиент по сделке №{{ $trigger.deal.id }} «{{ $trigger.deal.title }}» не заполнил форму обмена актами (прошло рабочих дней: {days}). Свяжитесь с ним и уточните данные по актам; форма по-прежнему открыта: {{ $steps.ask.url }}',
  },
  es: {
    form: '¿Cómo intercambiamos las actas?',
    formText: 'Negocio «{{ $trigger.deal.title }}»: elija cómo firma las actas de servicios prestados; para EDO indique su operador y su id de EDO.',
    electronic: 'Electrónicamente (EDO)', paper: 'En papel',
    labels: { method: 'Forma de intercambio', inn: 'INN', kpp: 'KPP', operator: 'Operador de EDO', edoId: 'Id de participante de EDO' },
    subject: 'Negocio «{{ $trigger.deal.title }}»: ¿cómo intercambiamos las actas?',
    mail: 'Hola, {{ $steps.contact.contact.name }}:\n\nIndíquenos cómo prefiere firmar las actas de servicios prestados, en papel o por EDO: {{ $links.ask }}\n\n¡Gracias!',
    answered: 'El cliente del negocio n.º {{ $trigger.deal.id }} «{{ $trigger.deal.title }}» respondió: actas {{ $steps.{node}.answers.method }}.',
    remind: 'El cliente del negocio n.º {{ $trigger.deal.id }} «{{ $trigger.deal.title }}» lleva {days} días laborables sin rellenar el formulario de actas. Contacte con él y aclare los datos; el formulario sigue abierto: {{ $steps.ask.url }}',
  },
};

/**
 * Seed 004, before the acts: the counterparty chooses paper or EDO in a form; silence for 3 working
 * days reminds the manager once, and the same form keeps waiting. The answer lands in the deal fields
 * the act template reads.
 */
export const actExchangeFormTemplate: FlowTemplate = {
  id: 'bitrix24-act-exchange-form',
  title: 'Ask the client how to exchange acts: paper or EDO (Bitrix24)',
  description:
    'When a Bitrix24 deal reaches a stage, e-mail the client a form to choose how acts are signed (paper or EDO, with operator and EDO id). The answer is written to the deal and the manager is told. '
    + 'No answer within 3 working days (RU production calendar): the manager is reminded once to contact the client, and the same form keeps waiting.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    emailConnection: emailConnection(true),
    stageId: { label: 'Stage "Approved by the commission"', kind: 'text', required: true, description: 'A deal reaching this stage sends the form, e.g. C1:PREPAYMENT_INVOICE' },
    actTypeField: { label: 'Deal field "How the act is signed"', kind: 'text', default: 'UF_CRM_ACT_TYPE' },
    electronicValue: { label: 'Value written for EDO', kind: 'text', default: 'electronic' },
    paperValue: { label: 'Value written for paper', kind: 'text', default: 'paper' },
    innField: { label: 'Deal field for the client INN', kind: 'text', default: 'UF_CRM_INN' },
    kppField: { label: 'Deal field for the client KPP', kind: 'text', default: 'UF_CRM_KPP' },
    edoField: { label: 'Deal field for the EDO operator and id', kind: 'text', default: 'UF_CRM_EDO_ID' },
    remindWorkdays: { label: 'Working days before the reminder', kind: 'number', default: 3 },
    hookPath: hookPathParam('Bitrix24 webhook path (deal events)'),
  },
  texts: {
    ru: {
      title: 'Спросить клиента, как обмениваться актами: на бумаге или через ЭДО (Битрикс24)',
      description:
        'Когда сделка Битрикс24 переходит на стадию, отправляет клиенту письмо с формой выбора способа подписания актов (бумага или ЭДО с оператором и идентификатором). Ответ записывается в сделку, менеджер получает уведомление. '
        + 'Если ответа нет 3 рабочих дня (производственный календарь РФ), менеджеру один раз напоминают связаться с клиентом, а форма продолжает ждать.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        emailConnection: sharedTexts.ru.emailConnection,
        stageId: { label: 'Стадия «Одобрено комиссией»', description: 'Сделка на этой стадии отправляет форму, например C1:PREPAYMENT_INVOICE' },
        actTypeField: { label: 'Поле сделки «Способ подписания акта»' },
        electronicValue: { label: 'Значение для ЭДО' },
        paperValue: { label: 'Значение для бумаги' },
        innField: { label: 'Поле сделки для ИНН клиента' },
        kppField: { label: 'Поле сделки для КПП клиента' },
        edoField: { label: 'Поле сделки для оператора и идентификатора ЭДО' },
        remindWorkdays: { label: 'Через сколько рабочих дней напомнить' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука Битрикс24 (события сделок)'),
      },
      names: {
        'Act exchange form': 'Форма обмена актами',
        'Deal approved by the commission': 'Сделка одобрена комиссией',
        'Contact of the deal': 'Контакт сделки',
        'E-mail the form': 'Отправить форму',
        'Wait for the answer': 'Ждать ответ',
        'Answer into the deal': 'Ответ в сделку',
        'Tell the manager': 'Уведомить менеджера',
        'Remind the manager': 'Напомнить менеджеру',
        'Wait for the answer again': 'Снова ждать ответ',
        'Late answer into the deal': 'Поздний ответ в сделку',
        'Tell the manager of the late answer': 'Уведомить менеджера о позднем ответе',
      },
    },
    es: {
      title: 'Preguntar al cliente cómo intercambiar las actas: papel o EDO (Bitrix24)',
      description:
        'Cuando un negocio de Bitrix24 llega a una etapa, envía al cliente un formulario para elegir cómo se firman las actas (papel o EDO, con operador e id de EDO). La respuesta se escribe en el negocio y se avisa al gestor. '
        + 'Sin respuesta en 3 días laborables (calendario laboral ruso), se recuerda una vez al gestor que contacte con el cliente, y el mismo formulario sigue esperando.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        emailConnection: sharedTexts.es.emailConnection,
        stageId: { label: 'Etapa «Aprobado por la comisión»', description: 'Un negocio que llega a esta etapa envía el formulario, p. ej. C1:PREPAYMENT_INVOICE' },
        actTypeField: { label: 'Campo del negocio «Cómo se firma el acta»' },
        electronicValue: { label: 'Valor escrito para EDO' },
        paperValue: { label: 'Valor escrito para papel' },
        innField: { label: 'Campo del negocio para el INN del cliente' },
        kppField: { label: 'Campo del negocio para el KPP del cliente' },
        edoField: { label: 'Campo del negocio para el operador y el id de EDO' },
        remindWorkdays: { label: 'Días laborables antes del recordatorio' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook de Bitrix24 (eventos de negocios)'),
      },
      names: {
        'Act exchange form': 'Formulario de intercambio de actas',
        'Deal approved by the commission': 'Negocio aprobado por la comisión',
        'Contact of the deal': 'Contacto del negocio',
        'E-mail the form': 'Enviar el formulario',
        'Wait for the answer': 'Esperar la respuesta',
        'Answer into the deal': 'Respuesta al negocio',
        'Tell the manager': 'Avisar al gestor',
        'Remind the manager': 'Recordar al gestor',
        'Wait for the answer again': 'Esperar de nuevo la respuesta',
        'Late answer into the deal': 'Respuesta tardía al negocio',
        'Tell the manager of the late answer': 'Avisar al gestor de la respuesta tardía',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const days = Number(p.remindWorkdays ?? 3);
    if (!Number.isInteger(days) || days < 1 || days > 60) throw new TemplateParamError('Working days before the reminder must be a whole number from 1 to 60', 'remindWorkdays');
    const code = (param: string, fallback: string) => {
      // The connector checks the code itself when it writes; here only what would break the graph is refused.
      const value = String(Object.hasOwn(p, param) ? p[param] : fallback).trim().toUpperCase();
      if (!value || value.includes('{{') || value.includes('}}')) throw new TemplateParamError(`'${value}' is not a Bitrix24 field code`, param);
      return value;
    };
    const codes = { method: code('actTypeField', 'UF_CRM_ACT_TYPE'), inn: code('innField', 'UF_CRM_INN'), kpp: code('kppField', 'UF_CRM_KPP'), edo: code('edoField', 'UF_CRM_EDO_ID') };
    if (new Set(Object.values(codes)).size !== 4) throw new TemplateParamError('The four deal fields must differ', 'edoField');
    const electronic = literal(p.electronicValue ?? 'electronic', 'electronicValue');
    const paper = literal(p.paperValue ?? 'paper', 'paperValue');
    const deal = '{{ $trigger.deal.id }}';
    const manager = '{{ $trigger.deal.assignedById }}';
    const fields = [
      { name: 'method', label: text.labels.method, type: 'select', options: `${text.electronic}, ${text.paper}`, required: true },
      { name: 'inn', label: text.labels.inn, type: 'text' },
      { name: 'kpp', label: text.labels.kpp, type: 'text' },
      { name: 'operator', label: text.labels.operator, type: 'text' },
      { name: 'edoId', label: text.labels.edoId, type: 'text' },
    ];
    const form = (timeoutAmount: number, timeoutUnit: string) => ({ title: text.form, description: text.formText, formKey: `{{ String($trigger.deal.id) }}`, fields, timeoutAmount, timeoutUnit });
    // The select answers with the label the client saw; the deal gets the value the act template compares.
    const answerInto = (node: string) => Object.fromEntries([
      [codes.method, `{{ $steps.${node}.answers.method === ${JSON.stringify(text.electronic)} ? ${electronic} : ${paper} }}`],
      [codes.inn, `{{ $steps.${node}.answers.inn ?? '' }}`],
      [codes.kpp, `{{ $steps.${node}.answers.kpp ?? '' }}`],
      [codes.edo, `{{ [$steps.${node}.answers.operator, $steps.${node}.answers.edoId].filter(Boolean).join(' / ') }}`],
    ]);
    return [{
      name: 'Act exchange form',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'deal', type: 'bitrix24.dealStageChanged', name: 'Deal approved by the commission', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'act-form'), stageId: p.stageId } },
          { id: 'contact', type: 'bitrix24.getContact', name: 'Contact of the deal', position: { x: 280, y: 0 }, params: { connection, contactId: '{{ String($trigger.deal.contactId) }}' } },
          {
            id: 'invite', type: 'core.notify', name: 'E-mail the form', position: { x: 560, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.contact.contact.email }}', subject: text.subject, text: text.mail },
          },
          { id: 'ask', type: 'core.waitForForm', name: 'Wait for the answer', position: { x: 840, y: 0 }, params: form(days, 'workdays') },
          { id: 'record', type: 'bitrix24.updateDeal', name: 'Answer into the deal', position: { x: 1120, y: -100 }, params: { connection, dealId: deal, fields: answerInto('ask') } },
          { id: 'told', type: 'bitrix24.notifyUser', name: 'Tell the manager', position: { x: 1400, y: -100 }, params: { connection, userId: manager, message: text.answered.replace('{node}', 'ask') } },
          // Once: the second wait has no reminder of its own, the manager already knows to call.
          { id: 'remind', type: 'bitrix24.notifyUser', name: 'Remind the manager', position: { x: 1120, y: 100 }, params: { connection, userId: manager, message: text.remind.replace('{days}', String(days)) } },
          { id: 'askAgain', type: 'core.waitForForm', name: 'Wait for the answer again', position: { x: 1400, y: 100 }, params: form(90, 'days') },
          { id: 'recordLate', type: 'bitrix24.updateDeal', name: 'Late answer into the deal', position: { x: 1680, y: 100 }, params: { connection, dealId: deal, fields: answerInto('askAgain') } },
          { id: 'toldLate', type: 'bitrix24.notifyUser', name: 'Tell the manager of the late answer', position: { x: 1960, y: 100 }, params: { connection, userId: manager, message: text.answered.replace('{node}', 'askAgain') } },
        ],
        edges: [
          { from: 'deal', to: 'contact' },
          { from: 'contact', to: 'invite' },
          { from: 'invite', to: 'ask' },
          { from: 'ask', port: 'form', to: 'record' },
          { from: 'record', to: 'told' },
          { from: 'ask', port: 'timeout', to: 'remind' },
          { from: 'remind', to: 'askAgain' },
          { from: 'askAgain', port: 'form', to: 'recordLate' },
          { from: 'recordLate', to: 'toldLate' },
        ],
      },
    }];
  },
};
