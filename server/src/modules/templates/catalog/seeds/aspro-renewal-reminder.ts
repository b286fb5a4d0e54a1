import { TemplateParamError, type FlowTemplate } from '../../flow-template';
import { emailConnection, phrasesIn, RU_CALENDAR, type Phrases } from '../bitrix24/shared';
import { asproConnection, asproConnectionTexts } from './aspro-payment-closing-docs';

const say: Phrases<{ invoice: string; line: string; note: string; subject: string; text: string }> = {
  en: {
    invoice: 'Invoice',
    line: 'Subscription renewal from {{ $item.endsAt }}',
    note: 'Subscription renewal: the current period ends {{ $item.endsAt }}',
    subject: 'Your subscription ends on {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}: invoice {{ $steps.renewal.number }} for the renewal',
    text: 'Hello, {{ $steps.customer.name }}!\n\nYour subscription ends on {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}. So that nothing stops, the invoice {{ $steps.renewal.number }} for {{ $item.total }} RUB for the next period is attached: just pay it.\n\nThank you for staying with us!',
  },
  ru: {
    invoice: 'Счёт на оплату',
    line: 'Продление подписки с {{ $item.endsAt }}',
    note: 'Продление подписки: текущий период заканчивается {{ $item.endsAt }}',
    subject: 'Подписка заканчивается {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}: счёт {{ $steps.renewal.number }} на продление',
    text: 'Здравствуйте, {{ $steps.customer.name }}!\n\nВаша подписка заканчивается {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}. Чтобы работа не прерывалась, во вложении счёт {{ $steps.renewal.number }} на {{ $item.total }} RUB за следующий период — его достаточно оплатить.\n\nСпасибо, что остаётесь с нами!',
  },
  es: {
    invoice: 'Factura',
    line: 'Renovación de la suscripción desde {{ $item.endsAt }}',
    note: 'Renovación de la suscripción: el periodo actual termina el {{ $item.endsAt }}',
    subject: 'Su suscripción termina el {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}: factura {{ $steps.renewal.number }} para renovarla',
    text: 'Hola, {{ $steps.customer.name }}:\n\nSu suscripción termina el {{ $formatDate($item.endsAt, "dd.MM.yyyy") }}. Para que nada se interrumpa, adjuntamos la factura {{ $steps.renewal.number }} por {{ $item.total }} RUB del siguiente periodo: solo tiene que pagarla.\n\n¡Gracias por seguir con nosotros!',
  },
};

/**
 * The subscriptions ending exactly `days` days from today (Moscow), one per customer: the latest paid
 * invoice carries the end date. A customer who already paid a later period is left alone.
 */
function endingIn(days: number): string {
  return '{{ ((target, paid) => {'
    + ' const renewed = new Set(paid.filter((i) => !!i.subscriptionEndsAt && i.subscriptionEndsAt > target).map((i) => i.customerId));'
    + ' const due = new Map();'
    + ' for (const i of paid) if (i.subscriptionEndsAt === target && i.customerId && !renewed.has(i.customerId)) due.set(i.customerId, { invoiceId: i.id, number: i.number, customerId: i.customerId, total: i.total, endsAt: i.subscriptionEndsAt });'
    + ' return [...due.values()];'
    + ` })($formatDate($addDays($now, ${days})), $steps.invoices.items) }}`;
}

/** Seed 001's renewals: 7 days before a subscription ends the customer gets a reminder with the invoice for the next period. */
export const asproRenewalReminderTemplate: FlowTemplate = {
  id: 'aspro-renewal-reminder',
  title: 'Subscription renewal: invoice and reminder 7 days before the end (Aspro.Cloud)',
  description:
    'Every day, find the Aspro.Cloud subscriptions that end in exactly 7 days (the end date in a custom field of the paid invoice), create the renewal invoice '
    + 'and e-mail the customer a reminder with the invoice as a PDF. Customers who already paid the next period are skipped.',
  connectors: ['aspro'],
  params: {
    asproConnection,
    emailConnection: emailConnection(true),
    subscriptionEndField: { label: 'Subscription end field', kind: 'text', default: 'cf_12', description: 'Aspro.Cloud custom field of paid invoices with the date the paid period ends' },
    daysBefore: { label: 'Days before the end', kind: 'number', default: 7 },
    cron: { label: 'When (cron, Moscow time)', kind: 'text', default: '0 10 * * *', description: 'Once a day: a subscription is found on one day only' },
  },
  texts: {
    ru: {
      title: 'Продление подписки: счёт и напоминание за 7 дней до окончания (Аспро.Cloud)',
      description:
        'Каждый день находит подписки Аспро.Cloud, которые заканчиваются ровно через 7 дней (дата окончания — в пользовательском поле оплаченного счёта), выставляет счёт на продление '
        + 'и отправляет клиенту напоминание со счётом в PDF. Клиенты, уже оплатившие следующий период, пропускаются.',
      params: {
        asproConnection: asproConnectionTexts.ru,
        emailConnection: { label: 'Подключение e-mail (SMTP)' },
        subscriptionEndField: { label: 'Поле окончания подписки', description: 'Пользовательское поле оплаченных счетов Аспро.Cloud с датой окончания оплаченного периода' },
        daysBefore: { label: 'За сколько дней до окончания' },
        cron: { label: 'Когда (cron, время московское)', description: 'Раз в день: каждая подписка находится только в один день' },
      },
      names: {
        'Renewal reminders': 'Напоминания о продлении',
        'Every day at 10:00': 'Каждый день в 10:00',
        'Paid invoices': 'Оплаченные счета',
        'For each subscription ending': 'Для каждой заканчивающейся подписки',
        'Customer': 'Клиент',
        'Renewal invoice': 'Счёт на продление',
        'Invoice as PDF': 'Счёт в PDF',
        'E-mail the reminder': 'Отправить напоминание',
      },
    },
    es: {
      title: 'Renovación de la suscripción: factura y recordatorio 7 días antes del fin (Aspro.Cloud)',
      description:
        'Cada día busca las suscripciones de Aspro.Cloud que terminan exactamente dentro de 7 días (la fecha de fin en un campo personalizado de la factura pagada), emite la factura de renovación '
        + 'y envía al cliente un recordatorio con la factura en PDF. Se omiten los clientes que ya pagaron el siguiente periodo.',
      params: {
        asproConnection: asproConnectionTexts.es,
        emailConnection: { label: 'Conexión de correo (SMTP)' },
        subscriptionEndField: { label: 'Campo de fin de la suscripción', description: 'Campo personalizado de las facturas pagadas de Aspro.Cloud con la fecha de fin del periodo pagado' },
        daysBefore: { label: 'Días antes del fin' },
        cron: { label: 'Cuándo (cron, hora de Moscú)', description: 'Una vez al día: cada suscripción se encuentra un solo día' },
      },
      names: {
        'Renewal reminders': 'Recordatorios de renovación',
        'Every day at 10:00': 'Cada día a las 10:00',
        'Paid invoices': 'Facturas pagadas',
        'For each subscription ending': 'Para cada suscripción que termina',
        'Customer': 'Cliente',
        'Renewal invoice': 'Factura de renovación',
        'Invoice as PDF': 'Factura en PDF',
        'E-mail the reminder': 'Enviar el recordatorio',
      },
    },
  },
  flows(p, _unique, lang) {
    const connection = p.asproConnection;
    const text = phrasesIn(say, lang);
    const days = Number(p.daysBefore ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new TemplateParamError('Days before the end must be a whole number from 1 to 365', 'daysBefore');
    const endField = String(p.subscriptionEndField ?? 'cf_12').trim();
    return [{
      name: 'Renewal reminders',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          // Every calendar day, not working days only: a subscription ending on a Monday must not lose its reminder to a Sunday or a holiday.
          { id: 'schedule', type: 'core.schedule', name: 'Every day at 10:00', position: { x: 0, y: 0 }, params: { cron: String(p.cron ?? '0 10 * * *'), missed: 'runOnce' } },
          { id: 'invoices', type: 'aspro.listInvoices', name: 'Paid invoices', position: { x: 280, y: 0 }, params: { connection, paid: 'paid', subscriptionEndField: endField, maxPages: 20 } },
          // One customer without an e-mail must not keep the others from their reminder.
          { id: 'each', type: 'core.forEach', name: 'For each subscription ending', position: { x: 560, y: 0 }, params: { items: endingIn(days), onItemError: 'continue' } },
          { id: 'customer', type: 'aspro.getCustomer', name: 'Customer', position: { x: 840, y: 0 }, params: { connection, customerId: '{{ String($item.customerId) }}' } },
          {
            id: 'renewal', type: 'aspro.createInvoice', name: 'Renewal invoice', position: { x: 1120, y: 0 },
            retry: { attempts: 5, backoff: 'exponential', delayMs: 2000 },
            params: { connection, customerId: '{{ String($item.customerId) }}', total: '{{ $item.total }}', dueDate: '{{ $item.endsAt }}', description: text.note },
          },
          {
            id: 'pdf', type: 'core.document', name: 'Invoice as PDF', position: { x: 1400, y: 0 },
            params: {
              title: text.invoice, number: '{{ $steps.renewal.number }}', buyer: "{{ $steps.customer.name + ($steps.customer.inn ? ', INN ' + $steps.customer.inn : '') }}",
              lines: [{ description: text.line, quantity: '1', price: '{{ $item.total }}' }], currency: 'RUB', language: lang ?? 'en',
              filename: 'invoice-{{ $steps.renewal.number }}.pdf',
            },
          },
          {
            id: 'mail', type: 'core.notify', name: 'E-mail the reminder', position: { x: 1680, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.customer.email }}', subject: text.subject, text: text.text, attachments: '{{ [$steps.pdf] }}' },
          },
        ],
        edges: [
          { from: 'schedule', to: 'invoices' },
          { from: 'invoices', to: 'each' },
          { from: 'each', port: 'item', to: 'customer' },
          { from: 'customer', to: 'renewal' },
          { from: 'renewal', to: 'pdf' },
          { from: 'pdf', to: 'mail' },
        ],
      },
    }];
  },
};
