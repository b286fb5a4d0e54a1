import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, literal, phrasesIn, RU_CALENDAR, sharedTexts, workdaysFromNow, type Phrases } from '../bitrix24/shared';

/**
 * A deal field as text inside an expression. The field code comes from the analyst and the deal from
 * Bitrix24, so the lookup goes through Object.hasOwn: a code like "constructor" must read as empty.
 */
export function dealField(code: string | number, param: string): string {
  const key = literal(code, param);
  return `(Object.hasOwn($trigger.deal.fields, ${key}) ? String($trigger.deal.fields[${key}] ?? '').trim() : '')`;
}

type Said = {
  act: string; footer: string; comment: string; chase: string; chaseText: string; paper: string; paperText: string;
  receivedForm: string; receivedText: string; signedCopy: string;
  statusForm: string; statusText: string; outcome: string; accepted: string; remarks: string; note: string;
  signed: string; acceptedStatus: string; refusedStatus: string;
};

const say: Phrases<Said> = {
  en: {
    act: 'Act of services rendered',
    footer: 'The services were rendered in full and on time; the customer has no claims.',
    comment: 'Act for deal "{{ $trigger.deal.title }}"',
    chase: 'Specify act status',
    chaseText: 'The act for deal #{{ $trigger.deal.id }} "{{ $trigger.deal.title }}" is not signed after {days} working days. Call the client and record the outcome here: {{ $links.status }}',
    paper: 'Send the act on paper',
    paperText: 'The client of deal #{{ $trigger.deal.id }} "{{ $trigger.deal.title }}" signs on paper. Print the act, sign it and post it. When the signed copy comes back, upload it here: {{ $links.received }}',
    receivedForm: 'Signed act received',
    receivedText: 'Upload the copy of the act signed by the client: the deal moves to "Service rendered".',
    signedCopy: 'Signed copy',
    statusForm: 'Specify act status',
    statusText: 'The client has not signed the act. What did they say?',
    outcome: 'Outcome',
    accepted: 'Accepted — not signed yet',
    remarks: 'Remarks — refuses to sign',
    note: 'Comment',
    signed: 'Act received and signed',
    acceptedStatus: 'Act accepted, not signed by the client',
    refusedStatus: 'Refused to sign',
  },
  ru: {
    act: 'Акт оказанных услуг',
    footer: 'Услуги оказаны в полном объёме и в срок; заказчик претензий не имеет.',
    comment: 'Акт по сделке «{{ $trigger.deal.title }}»',
    chase: 'Указать статус акта',
    chaseText: 'Акт по сделке №{{ $trigger.deal.id }} «{{ $trigger.deal.title }}» не подписан (прошло рабочих дней: {days}). Свяжитесь с клиентом и укажите результат: {{ $links.status }}',
    paper: 'Отправить акт в бумажном виде',
    paperText: 'Клиент по сделке №{{ $trigger.deal.id }} «{{ $trigger.deal.title }}» подписывает акты на бумаге. Распечатайте акт, подпишите и отправьте почтой. Когда подписанный экземпляр вернётся, загрузите его: {{ $links.received }}',
    receivedForm: 'Подписанный акт получен',
    receivedText: 'Загрузите копию акта, подписанного клиентом: сделка перейдёт в «Услуга оказана».',
    signedCopy: 'Подписанный экземпляр',
    statusForm: 'Указать статус акта',
    statusText: 'Клиент не подписал акт. Что он ответил?',
    outcome: 'Результат',
    accepted: 'Акт принят — пока без подписи',
    remarks: 'Есть замечания — отказ от подписания',
    note: 'Комментарий',
    signed: 'Акт получен и подписан',
    acceptedStatus: 'Акт принят, но не подписан заявителем',
    refusedStatus: 'Отказ от подписания',
  },
  es: {
    act: 'Acta de servicios prestados',
    footer: 'Los servicios se prestaron completos y a tiempo; el cliente no tiene reclamaciones.',
    comment: 'Acta del negocio «{{ $trigger.deal.title }}»',
    chase: 'Indicar el estado del acta',
    chaseText: 'El acta del negocio n.º {{ $trigger.deal.id }} «{{ $trigger.deal.title }}» no está firmada tras {days} días laborables. Llame al cliente e indique el resultado aquí: {{ $links.status }}',
    paper: 'Enviar el acta en papel',
    paperText: 'El cliente del negocio n.º {{ $trigger.deal.id }} «{{ $trigger.deal.title }}» firma en papel. Imprima el acta, fírmela y envíela por correo. Cuando vuelva la copia firmada, súbala aquí: {{ $links.received }}',
    receivedForm: 'Acta firmada recibida',
    receivedText: 'Suba la copia del acta firmada por el cliente: el negocio pasa a «Servicio prestado».',
    signedCopy: 'Copia firmada',
    statusForm: 'Indicar el estado del acta',
    statusText: 'El cliente no ha firmado el acta. ¿Qué ha dicho?',
    outcome: 'Resultado',
    accepted: 'Aceptada — aún sin firmar',
    remarks: 'Observaciones — no firma',
    note: 'Comentario',
    signed: 'Acta recibida y firmada',
    acceptedStatus: 'Acta aceptada, sin firma del cliente',
    refusedStatus: 'Firma rechazada',
  },
};

/**
 * Seed 004: the act of a Bitrix24 deal goes to the client through SBIS EDO, or to the manager to post
 * on paper. A signature in SBIS, or the signed paper copy uploaded by the manager, moves the deal to
 * "Service rendered"; silence for 5 working days gives the manager the task "Specify act status",
 * whose two outcomes set the act status and the deal stage. Managers stay in Bitrix24: the tasks
 * carry the signed links of the forms that record an outcome.
 */
export const sbisActSigningTemplate: FlowTemplate = {
  id: 'sbis-act-signing',
  title: 'Acts from Bitrix24 deals signed through SBIS EDO, or on paper',
  description:
    'When a Bitrix24 deal reaches the act stage, render the act as a PDF and keep it on the deal. Clients who sign electronically get it through SBIS; for clients who sign on paper the manager gets a task to post it, '
    + 'with a link to upload the signed copy (2 more working days are allowed for the post). A signature moves the deal to "Service rendered". '
    + 'No signature within 5 working days (RU production calendar) gives the manager the task "Specify act status": its link records either "accepted, not signed" (deal to "Service rendered") '
    + 'or "remarks, refused to sign" (deal to "Service rendered, with remarks"); the act status goes into a deal field. A second flow reads signatures from SBIS every minute.',
  connectors: ['bitrix24', 'sbis'],
  params: {
    bitrix24Connection,
    sbisConnection: { label: 'SBIS connection', kind: 'connection', connector: 'sbis', required: true },
    actStageId: { label: 'Stage "Act sent to the client"', kind: 'text', required: true, description: 'A deal reaching this stage gets its act, e.g. C1:EXECUTING' },
    renderedStageId: { label: 'Stage "Service rendered"', kind: 'text', required: true, description: 'Where a deal goes once the act is signed or accepted, e.g. C1:WON' },
    remarksStageId: { label: 'Stage "Service rendered, with remarks"', kind: 'text', required: true, description: 'Where a deal goes when the client has remarks and refuses to sign, e.g. C1:UC_REMARKS' },
    actStatusField: { label: 'Deal field "Act status"', kind: 'text', default: 'UF_CRM_ACT_STATUS', description: 'A string field of the deal; the flow writes the act status into it' },
    signedFileField: { label: 'Deal file field for the signed paper act', kind: 'text', default: 'UF_CRM_ACT_SIGNED_FILE' },
    actTypeField: { label: 'Deal field "How the act is signed"', kind: 'text', default: 'UF_CRM_ACT_TYPE', description: 'Field code of the deal that says whether the client signs electronically' },
    electronicValue: { label: 'Value meaning "electronically"', kind: 'text', default: 'electronic', description: 'Any other value (or an empty field) means paper' },
    innField: { label: 'Deal field with the client INN', kind: 'text', default: 'UF_CRM_INN' },
    kppField: { label: 'Deal field with the client KPP', kind: 'text', default: 'UF_CRM_KPP', description: 'Empty for an individual entrepreneur' },
    actFileField: { label: 'Deal file field for the act', kind: 'text', default: 'UF_CRM_ACT_FILE', description: 'The rendered act is kept on the deal in this field' },
    seller: { label: 'Your company on the act', kind: 'text', required: true, description: 'Name, INN/KPP, address as printed under "Contractor"' },
    signWorkdays: { label: 'Working days to wait for the signature', kind: 'number', default: 5 },
    hookPath: hookPathParam('Bitrix24 webhook path (deal events)'),
  },
  texts: {
    ru: {
      title: 'Акты по сделкам Битрикс24 на подпись через СБИС ЭДО или на бумаге',
      description:
        'Когда сделка Битрикс24 переходит на стадию акта, формирует акт в PDF и сохраняет его в сделке. Клиентам с электронной подписью акт уходит через СБИС; для клиентов с бумажным документооборотом менеджер получает задачу отправить акт почтой '
        + 'со ссылкой для загрузки подписанного экземпляра (на почту даётся ещё 2 рабочих дня). Подпись переводит сделку в «Услуга оказана». '
        + 'Если подписи нет 5 рабочих дней (производственный календарь РФ), менеджеру ставится задача «Указать статус акта»: по её ссылке он отмечает «акт принят, но не подписан» (сделка — в «Услуга оказана») '
        + 'или «есть замечания, отказ от подписания» (сделка — в «Услуга оказана, есть замечания»); статус акта записывается в поле сделки. Второй поток раз в минуту забирает подписи из СБИС.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        sbisConnection: { label: 'Подключение СБИС' },
        actStageId: { label: 'Стадия «Акт направлен заявителю»', description: 'Сделка на этой стадии получает акт, например C1:EXECUTING' },
        renderedStageId: { label: 'Стадия «Услуга оказана»', description: 'Куда переходит сделка, когда акт подписан или принят, например C1:WON' },
        remarksStageId: { label: 'Стадия «Услуга оказана, есть замечания»', description: 'Куда переходит сделка, если у клиента замечания и он отказывается подписывать, например C1:UC_REMARKS' },
        actStatusField: { label: 'Поле сделки «Статус акта»', description: 'Строковое поле сделки, в которое поток записывает статус акта' },
        signedFileField: { label: 'Файловое поле сделки для подписанного бумажного акта' },
        actTypeField: { label: 'Поле сделки «Способ подписания акта»', description: 'Код поля сделки, в котором указано, подписывает ли клиент акты электронно' },
        electronicValue: { label: 'Значение «электронно»', description: 'Любое другое значение (или пустое поле) — бумажный акт' },
        innField: { label: 'Поле сделки с ИНН клиента' },
        kppField: { label: 'Поле сделки с КПП клиента', description: 'Пусто для ИП' },
        actFileField: { label: 'Файловое поле сделки для акта', description: 'Сформированный акт сохраняется в сделке в этом поле' },
        seller: { label: 'Ваша организация в акте', description: 'Название, ИНН/КПП, адрес — как в графе «Исполнитель»' },
        signWorkdays: { label: 'Сколько рабочих дней ждать подпись' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука Битрикс24 (события сделок)'),
      },
      names: {
        'Act for signing': 'Акт на подпись',
        'Deal reached the act stage': 'Сделка на стадии акта',
        'Render the act': 'Сформировать акт',
        'Keep the act on the deal': 'Сохранить акт в сделке',
        'Client signs electronically?': 'Клиент подписывает электронно?',
        'Send the act through SBIS': 'Отправить акт через СБИС',
        'Wait for the signature': 'Ждать подпись',
        'Deal: service rendered': 'Сделка: услуга оказана',
        'Task: specify act status': 'Задача: указать статус акта',
        'Task: send the act on paper': 'Задача: отправить акт на бумаге',
        'Wait for the signed paper act': 'Ждать подписанный бумажный акт',
        'Keep the signed copy on the deal': 'Сохранить подписанный экземпляр в сделке',
        'Wait for the act status': 'Ждать статус акта',
        'Accepted without a signature?': 'Принят без подписи?',
        'Deal: accepted, not signed': 'Сделка: принят, не подписан',
        'Deal: remarks, refused to sign': 'Сделка: замечания, отказ от подписания',
        'Signatures from SBIS': 'Подписи из СБИС',
        'Act signed or rejected in SBIS': 'Акт подписан или отклонён в СБИС',
      },
    },
    es: {
      title: 'Actas de negocios de Bitrix24 firmadas por SBIS EDO o en papel',
      description:
        'Cuando un negocio de Bitrix24 llega a la etapa del acta, genera el acta en PDF y la guarda en el negocio. A los clientes que firman electrónicamente se les envía por SBIS; para los que firman en papel, el gestor recibe una tarea para enviarla por correo '
        + 'con un enlace para subir la copia firmada (se conceden 2 días laborables más para el correo). La firma pasa el negocio a «Servicio prestado». '
        + 'Sin firma en 5 días laborables (calendario laboral ruso), el gestor recibe la tarea «Indicar el estado del acta»: su enlace registra «aceptada, sin firmar» (negocio a «Servicio prestado») '
        + 'o «observaciones, firma rechazada» (negocio a «Servicio prestado, con observaciones»); el estado del acta se escribe en un campo del negocio. Un segundo flujo lee las firmas de SBIS cada minuto.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        sbisConnection: { label: 'Conexión de SBIS' },
        actStageId: { label: 'Etapa «Acta enviada al cliente»', description: 'Un negocio que llega a esta etapa recibe su acta, p. ej. C1:EXECUTING' },
        renderedStageId: { label: 'Etapa «Servicio prestado»', description: 'Adónde pasa el negocio una vez firmada o aceptada el acta, p. ej. C1:WON' },
        remarksStageId: { label: 'Etapa «Servicio prestado, con observaciones»', description: 'Adónde pasa el negocio si el cliente tiene observaciones y no firma, p. ej. C1:UC_REMARKS' },
        actStatusField: { label: 'Campo del negocio «Estado del acta»', description: 'Un campo de texto del negocio donde el flujo escribe el estado del acta' },
        signedFileField: { label: 'Campo de archivo del negocio para el acta en papel firmada' },
        actTypeField: { label: 'Campo del negocio «Cómo se firma el acta»', description: 'Código del campo del negocio que indica si el cliente firma electrónicamente' },
        electronicValue: { label: 'Valor que significa «electrónicamente»', description: 'Cualquier otro valor (o el campo vacío) significa papel' },
        innField: { label: 'Campo del negocio con el INN del cliente' },
        kppField: { label: 'Campo del negocio con el KPP del cliente', description: 'Vacío para un empresario individual' },
        actFileField: { label: 'Campo de archivo del negocio para el acta', description: 'El acta generada se guarda en el negocio en este campo' },
        seller: { label: 'Su empresa en el acta', description: 'Nombre, INN/KPP, dirección tal como figuran en «Emisor»' },
        signWorkdays: { label: 'Días laborables de espera de la firma' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook de Bitrix24 (eventos de negocios)'),
      },
      names: {
        'Act for signing': 'Acta para firmar',
        'Deal reached the act stage': 'Negocio en la etapa del acta',
        'Render the act': 'Generar el acta',
        'Keep the act on the deal': 'Guardar el acta en el negocio',
        'Client signs electronically?': '¿El cliente firma electrónicamente?',
        'Send the act through SBIS': 'Enviar el acta por SBIS',
        'Wait for the signature': 'Esperar la firma',
        'Deal: service rendered': 'Negocio: servicio prestado',
        'Task: specify act status': 'Tarea: indicar el estado del acta',
        'Task: send the act on paper': 'Tarea: enviar el acta en papel',
        'Wait for the signed paper act': 'Esperar el acta en papel firmada',
        'Keep the signed copy on the deal': 'Guardar la copia firmada en el negocio',
        'Wait for the act status': 'Esperar el estado del acta',
        'Accepted without a signature?': '¿Aceptada sin firma?',
        'Deal: accepted, not signed': 'Negocio: aceptada, sin firmar',
        'Deal: remarks, refused to sign': 'Negocio: observaciones, firma rechazada',
        'Signatures from SBIS': 'Firmas de SBIS',
        'Act signed or rejected in SBIS': 'Acta firmada o rechazada en SBIS',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const days = Number.isInteger(Number(p.signWorkdays ?? 5)) && Number(p.signWorkdays ?? 5) > 0 ? Number(p.signWorkdays ?? 5) : 5;
    const deal = '{{ $trigger.deal.id }}';
    const manager = '{{ $trigger.deal.assignedById }}';
    const electronic = literal(p.electronicValue ?? 'electronic', 'electronicValue');
    const statusField = String(p.actStatusField ?? 'UF_CRM_ACT_STATUS').trim() || 'UF_CRM_ACT_STATUS';
    const dealTo = (stageId: string | number, status: string) => ({ connection, dealId: deal, stageId, registerEvent: true, fields: { [statusField]: status } });
    // Each form is keyed by its purpose and the deal: answers are matched per flow and key.
    const received = { title: text.receivedForm, description: text.receivedText, formKey: `paper-${deal}`, fields: [{ name: 'copy', label: text.signedCopy, type: 'file', required: true }], timeoutAmount: days + 2, timeoutUnit: 'workdays' };
    // Select choices are comma-separated, so the outcomes hold none.
    const status = {
      title: text.statusForm, description: text.statusText, formKey: `status-${deal}`, timeoutAmount: 30, timeoutUnit: 'days',
      fields: [{ name: 'outcome', label: text.outcome, type: 'select', options: `${text.accepted}, ${text.remarks}`, required: true }, { name: 'comment', label: text.note, type: 'text' }],
    };
    return [
      {
        name: 'Act for signing',
        graph: {
          schema: 1,
          settings: RU_CALENDAR,
          nodes: [
            {
              id: 'deal', type: 'bitrix24.dealStageChanged', name: 'Deal reached the act stage', position: { x: 0, y: 0 },
              params: { connection, path: hookPath(p, 'hookPath', unique, 'act'), stageId: p.actStageId },
            },
            {
              id: 'act', type: 'core.document', name: 'Render the act', position: { x: 280, y: 0 },
              params: {
                title: text.act, number: deal, seller: String(p.seller), buyer: '{{ $trigger.deal.title }}',
                lines: [{ description: '{{ $trigger.deal.title }}', quantity: '1', price: '{{ $trigger.deal.opportunity }}' }],
                currency: 'RUB', language: lang ?? 'en', footer: text.footer, filename: `act-${deal}.pdf`,
              },
            },
            {
              id: 'keep', type: 'bitrix24.attachFile', name: 'Keep the act on the deal', position: { x: 420, y: 120 },
              params: { connection, dealId: deal, field: String(p.actFileField ?? 'UF_CRM_ACT_FILE'), file: '{{ $steps.act }}' },
            },
            {
              id: 'electronic', type: 'core.if', name: 'Client signs electronically?', position: { x: 560, y: 0 },
              params: { condition: `{{ ${dealField(p.actTypeField ?? 'UF_CRM_ACT_TYPE', 'actTypeField')} === ${electronic} }}` },
            },
            {
              id: 'send', type: 'sbis.sendDocument', name: 'Send the act through SBIS', position: { x: 840, y: -160 },
              retry: { attempts: 5, backoff: 'exponential', delayMs: 2000 },
              params: {
                connection: p.sbisConnection, documentType: 'ДокОтгрИсх', number: '{{ String($trigger.deal.id) }}',
                counterpartyInn: `{{ ${dealField(p.innField ?? 'UF_CRM_INN', 'innField')} }}`,
                counterpartyKpp: `{{ ${dealField(p.kppField ?? 'UF_CRM_KPP', 'kppField')} }}`,
                counterpartyName: '{{ $trigger.deal.title }}', file: '{{ $steps.act }}', comment: text.comment,
              },
            },
            {
              id: 'signed', type: 'core.waitForEvent', name: 'Wait for the signature', position: { x: 1120, y: -160 },
              params: { eventType: 'sbis.document.signed', correlationKey: '{{ $steps.send.id }}', timeoutAmount: days, timeoutUnit: 'workdays' },
            },
            {
              id: 'paper', type: 'bitrix24.createTask', name: 'Task: send the act on paper', position: { x: 840, y: 160 },
              params: { connection, title: text.paper, description: text.paperText, responsibleId: manager, deadline: workdaysFromNow(2, 2), dealId: deal },
            },
            { id: 'received', type: 'core.waitForForm', name: 'Wait for the signed paper act', position: { x: 1120, y: 160 }, params: received },
            {
              id: 'keepSigned', type: 'bitrix24.attachFile', name: 'Keep the signed copy on the deal', position: { x: 1400, y: 80 },
              params: {
                connection, dealId: deal, field: String(p.signedFileField ?? 'UF_CRM_ACT_SIGNED_FILE'),
                file: "{{ ({ filename: $steps.received.answers.copy.name, contentBase64: $steps.received.answers.copy.dataUrl.slice($steps.received.answers.copy.dataUrl.indexOf(',') + 1) }) }}",
              },
            },
            // Reached from a signature in SBIS or from the signed paper copy, whichever path the deal took.
            { id: 'rendered', type: 'bitrix24.updateDeal', name: 'Deal: service rendered', position: { x: 1680, y: -160 }, params: dealTo(p.renderedStageId, text.signed) },
            // Reached when either path hears nothing in time.
            {
              id: 'chase', type: 'bitrix24.createTask', name: 'Task: specify act status', position: { x: 1400, y: 300 },
              params: { connection, title: text.chase, description: text.chaseText.replace('{days}', String(days)), responsibleId: manager, deadline: workdaysFromNow(1, 1), dealId: deal },
            },
            { id: 'status', type: 'core.waitForForm', name: 'Wait for the act status', position: { x: 1680, y: 300 }, params: status },
            { id: 'accepted', type: 'core.if', name: 'Accepted without a signature?', position: { x: 1960, y: 300 }, params: { condition: `{{ $steps.status.answers.outcome === ${JSON.stringify(text.accepted)} }}` } },
            { id: 'acceptedDeal', type: 'bitrix24.updateDeal', name: 'Deal: accepted, not signed', position: { x: 2240, y: 220 }, params: dealTo(p.renderedStageId, text.acceptedStatus) },
            { id: 'refusedDeal', type: 'bitrix24.updateDeal', name: 'Deal: remarks, refused to sign', position: { x: 2240, y: 380 }, params: dealTo(p.remarksStageId, text.refusedStatus) },
          ],
          edges: [
            { from: 'deal', to: 'act' },
            { from: 'act', to: 'keep' },
            { from: 'keep', to: 'electronic' },
            { from: 'electronic', port: 'true', to: 'send' },
            { from: 'electronic', port: 'false', to: 'paper' },
            { from: 'send', to: 'signed' },
            { from: 'signed', port: 'event', to: 'rendered' },
            { from: 'signed', port: 'timeout', to: 'chase' },
            { from: 'paper', to: 'received' },
            { from: 'received', port: 'form', to: 'keepSigned' },
            { from: 'keepSigned', to: 'rendered' },
            { from: 'received', port: 'timeout', to: 'chase' },
            { from: 'chase', to: 'status' },
            { from: 'status', port: 'form', to: 'accepted' },
            { from: 'accepted', port: 'true', to: 'acceptedDeal' },
            { from: 'accepted', port: 'false', to: 'refusedDeal' },
          ],
        },
      },
      {
        // The waits above hear a signature only through this poll: it turns SBIS's change list into events keyed by document id.
        name: 'Signatures from SBIS',
        graph: {
          schema: 1,
          nodes: [
            { id: 'changed', type: 'sbis.documentChanged', name: 'Act signed or rejected in SBIS', position: { x: 0, y: 0 }, params: { connection: p.sbisConnection, documentType: 'ДокОтгрИсх', onlyOutcomes: true } },
          ],
          edges: [],
        },
      },
    ];
  },
};
