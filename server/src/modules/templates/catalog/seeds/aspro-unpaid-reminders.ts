import type { FlowTemplate } from '../../flow-template';
import { emailConnection, phrasesIn, RU_CALENDAR, type Phrases } from '../bitrix24/shared';
import { asproConnection, asproConnectionTexts } from './aspro-payment-closing-docs';

const say: Phrases<{ subject: string; text: string }> = {
  en: {
    subject: 'Invoice {{ $item.number }} is overdue',
    text: 'Hello, {{ $steps.customer.name }}!\n\nInvoice {{ $item.number }} for {{ $item.total }} RUB was due on {{ $formatDate($item.dueDate, "dd.MM.yyyy") }} and is not paid yet. If you have already paid it, please ignore this letter.',
  },
  ru: {
    subject: 'Счёт {{ $item.number }} просрочен',
    text: 'Здравствуйте, {{ $steps.customer.name }}!\n\nСрок оплаты счёта {{ $item.number }} на {{ $item.total }} RUB истёк {{ $formatDate($item.dueDate, "dd.MM.yyyy") }}, а оплата пока не поступила. Если вы уже оплатили счёт, просто не обращайте внимания на это письмо.',
  },
  es: {
    subject: 'La factura {{ $item.number }} está vencida',
    text: 'Hola, {{ $steps.customer.name }}:\n\nLa factura {{ $item.number }} por {{ $item.total }} RUB vencía el {{ $formatDate($item.dueDate, "dd.MM.yyyy") }} y aún no está pagada. Si ya la pagó, ignore este correo.',
  },
};

/** Seed 001's dunning: on working days, every unpaid Aspro.Cloud invoice past its due date gets a reminder to its customer. */
export const asproUnpaidRemindersTemplate: FlowTemplate = {
  id: 'aspro-unpaid-reminders',
  title: 'Reminders about overdue invoices on working days (Aspro.Cloud)',
  description:
    'On working days (RU production calendar) at 10:00 Moscow time, find the Aspro.Cloud invoices that are unpaid past their due date and e-mail each customer a reminder. '
    + 'One customer without an e-mail does not hold back the others.',
  connectors: ['aspro'],
  params: {
    asproConnection,
    emailConnection: emailConnection(true),
    cron: { label: 'When (cron, Moscow time)', kind: 'text', default: '0 10 * * 1-5', description: 'Days off of the production calendar are skipped' },
  },
  texts: {
    ru: {
      title: 'Напоминания о просроченных счетах по рабочим дням (Аспро.Cloud)',
      description:
        'По рабочим дням (производственный календарь РФ) в 10:00 по Москве находит неоплаченные счета Аспро.Cloud с истёкшим сроком оплаты и отправляет каждому клиенту напоминание. '
        + 'Клиент без e-mail не задерживает остальных.',
      params: {
        asproConnection: asproConnectionTexts.ru,
        emailConnection: { label: 'Подключение e-mail (SMTP)' },
        cron: { label: 'Когда (cron, время московское)', description: 'Выходные и праздники производственного календаря пропускаются' },
      },
      names: {
        'Overdue invoice reminders': 'Напоминания о просроченных счетах',
        'Working days at 10:00': 'По рабочим дням в 10:00',
        'Unpaid invoices': 'Неоплаченные счета',
        'For each overdue invoice': 'Для каждого просроченного счёта',
        'Customer': 'Клиент',
        'E-mail the reminder': 'Отправить напоминание',
      },
    },
    es: {
      title: 'Recordatorios de facturas vencidas en días laborables (Aspro.Cloud)',
      description:
        'Los días laborables (calendario laboral de Rusia) a las 10:00 de Moscú, busca las facturas de Aspro.Cloud impagadas tras su vencimiento y envía a cada cliente un recordatorio. '
        + 'Un cliente sin correo no retrasa a los demás.',
      params: {
        asproConnection: asproConnectionTexts.es,
        emailConnection: { label: 'Conexión de correo (SMTP)' },
        cron: { label: 'Cuándo (cron, hora de Moscú)', description: 'Se omiten los días no laborables del calendario' },
      },
      names: {
        'Overdue invoice reminders': 'Recordatorios de facturas vencidas',
        'Working days at 10:00': 'Días laborables a las 10:00',
        'Unpaid invoices': 'Facturas impagadas',
        'For each overdue invoice': 'Para cada factura vencida',
        'Customer': 'Cliente',
        'E-mail the reminder': 'Enviar el recordatorio',
      },
    },
  },
  flows(p, _unique, lang) {
    const connection = p.asproConnection;
    const text = phrasesIn(say, lang);
    return [{
      name: 'Overdue invoice reminders',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'schedule', type: 'core.schedule', name: 'Working days at 10:00', position: { x: 0, y: 0 }, params: { cron: String(p.cron ?? '0 10 * * 1-5'), workingDaysOnly: true, missed: 'skip' } },
          { id: 'invoices', type: 'aspro.listInvoices', name: 'Unpaid invoices', position: { x: 280, y: 0 }, params: { connection, paid: 'unpaid', maxPages: 20 } },
          {
            id: 'each', type: 'core.forEach', name: 'For each overdue invoice', position: { x: 560, y: 0 },
            params: { items: '{{ $steps.invoices.items.filter((i) => !!i.dueDate && !!i.customerId && i.dueDate < $formatDate($now)) }}', onItemError: 'continue' },
          },
          { id: 'customer', type: 'aspro.getCustomer', name: 'Customer', position: { x: 840, y: 0 }, params: { connection, customerId: '{{ String($item.customerId) }}' } },
          {
            id: 'mail', type: 'core.notify', name: 'E-mail the reminder', position: { x: 1120, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.customer.email }}', subject: text.subject, text: text.text },
          },
        ],
        edges: [
          { from: 'schedule', to: 'invoices' },
          { from: 'invoices', to: 'each' },
          { from: 'each', port: 'item', to: 'customer' },
          { from: 'customer', to: 'mail' },
        ],
      },
    }];
  },
};
