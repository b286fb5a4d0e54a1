import { TemplateParamError, type FlowTemplate } from '../../flow-template';

/**
 * What the telephony (or a CRM's call activity hook) POSTs for each call, as JSON:
 * `{ "call_id": "c-1001", "manager": "ivanov", "started_at": "2026-03-02T09:15:00+03:00",
 *    "duration": 184, "direction": "in" | "out", "phone": "+79161234567" }` — duration in seconds,
 * started_at in ISO 8601 with its offset. A call reported again (a retry, or once more with its
 * final duration) updates its row: the table's unique key is the call id.
 */
export const CALL_RECORD_FIELDS = ['call_id', 'manager', 'started_at', 'duration', 'direction', 'phone'] as const;

const TABLE_NAME = /^[a-z][a-z0-9_]{1,62}$/;

/** Seed 002's call-centre report starts here: every call into one data table, once. */
export const callRecordsTemplate: FlowTemplate = {
  id: 'call-records',
  title: 'Collect call records from a telephony webhook',
  description:
    'Receives a JSON webhook per call (call_id, manager, started_at, duration in seconds, direction in/out, phone) and writes it into the call-records data table, '
    + 'one row per call id: a call reported twice is one row. The table is created if missing; its Report page shows calls and minutes per manager, calls per hour and idle gaps.',
  connectors: [],
  params: {
    table: { label: 'Table', kind: 'text', default: 'call_records', description: 'The data table to write to (created with the call columns if it does not exist)' },
  },
  texts: {
    ru: {
      title: 'Сбор звонков из вебхука телефонии',
      description:
        'Принимает JSON-вебхук о каждом звонке (call_id, manager, started_at, duration в секундах, direction in/out, phone) и записывает его в таблицу звонков, '
        + 'одна строка на id звонка: звонок, о котором сообщили дважды, — одна строка. Таблица создаётся, если её нет; её страница «Отчёт» показывает звонки и минуты по менеджерам, звонки по часам и простои.',
      params: { table: { label: 'Таблица', description: 'Таблица данных, в которую пишутся звонки (создаётся со столбцами звонка, если её нет)' } },
      names: { 'Collect call records': 'Сбор звонков', 'Call from telephony': 'Звонок из телефонии', 'Save the call': 'Сохранить звонок' },
    },
    es: {
      title: 'Recoger registros de llamadas desde un webhook de telefonía',
      description:
        'Recibe un webhook JSON por llamada (call_id, manager, started_at, duration en segundos, direction in/out, phone) y lo escribe en la tabla de llamadas, '
        + 'una fila por id de llamada: una llamada notificada dos veces es una fila. La tabla se crea si falta; su página Informe muestra llamadas y minutos por gestor, llamadas por hora y huecos de inactividad.',
      params: { table: { label: 'Tabla', description: 'La tabla de datos donde se escriben las llamadas (se crea con las columnas de llamada si no existe)' } },
      names: { 'Collect call records': 'Recoger llamadas', 'Call from telephony': 'Llamada desde telefonía', 'Save the call': 'Guardar la llamada' },
    },
  },
  tables(p) {
    return [{
      name: tableNameOf(p),
      description: 'Call records from the telephony webhook, one row per call id',
      columns: [
        { name: 'callId', type: 'text', required: true },
        { name: 'manager', type: 'text', required: true },
        { name: 'startedAt', type: 'datetime', required: true },
        { name: 'durationSec', type: 'number', required: true },
        { name: 'direction', type: 'text', required: false },
        { name: 'phone', type: 'text', required: false },
      ],
      key: ['callId'],
      indexed: ['startedAt'],
      report: { manager: 'manager', startedAt: 'startedAt', duration: 'durationSec', direction: 'direction', phone: 'phone' },
    }];
  },
  flows(p, unique) {
    const table = tableNameOf(p);
    const body = (field: (typeof CALL_RECORD_FIELDS)[number]) => `{{ $trigger.body.${field} }}`;
    return [{
      name: 'Collect call records',
      graph: {
        schema: 1,
        nodes: [
          { id: 'call', type: 'core.webhook', name: 'Call from telephony', position: { x: 0, y: 0 }, params: { path: `call-records-${unique}`, businessKey: body('call_id') } },
          {
            id: 'save',
            type: 'core.tableUpsert',
            name: 'Save the call',
            position: { x: 280, y: 0 },
            params: {
              table,
              mode: 'upsert',
              fields: { callId: body('call_id'), manager: body('manager'), startedAt: body('started_at'), durationSec: body('duration'), direction: body('direction'), phone: body('phone') },
            },
          },
        ],
        edges: [{ from: 'call', to: 'save' }],
      },
    }];
  },
};

function tableNameOf(p: Record<string, string | number>): string {
  // "Call-Records" is what a person means by call_records.
  const table = String(p.table ?? 'call_records').trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  if (!TABLE_NAME.test(table)) throw new TemplateParamError('A table name is 2–63 lower-case letters, digits or _, starting with a letter', 'table');
  return table;
}
