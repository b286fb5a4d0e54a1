import type { FlowTemplate } from '../../flow-template';
import { emailConnection, phrasesIn, type Phrases } from '../bitrix24/shared';

export const asproConnection = { label: 'Aspro.Cloud connection', kind: 'connection', connector: 'aspro', required: true } as const;
export const asproConnectionTexts = { ru: { label: 'Подключение Аспро.Cloud' }, es: { label: 'Conexión de Aspro.Cloud' } } as const;

const say: Phrases<{ act: string; line: string; footer: string; subject: string; text: string }> = {
  en: {
    act: 'Act of services rendered',
    line: 'Subscription under invoice {{ $trigger.invoice.number }}',
    footer: 'The services were rendered in full and on time; the customer has no claims.',
    subject: 'Payment received: closing documents for invoice {{ $trigger.invoice.number }}',
    text: 'Hello, {{ $steps.customer.name }}!\n\nWe have received your payment of {{ $trigger.invoice.total }} {{ $trigger.invoice.currency }} for invoice {{ $trigger.invoice.number }}. The act is attached; your access is open.\n\nThank you!',
  },
  ru: {
    act: 'Акт оказанных услуг',
    line: 'Подписка по счёту {{ $trigger.invoice.number }}',
    footer: 'Услуги оказаны в полном объёме и в срок; заказчик претензий не имеет.',
    subject: 'Оплата получена: закрывающие документы по счёту {{ $trigger.invoice.number }}',
    text: 'Здравствуйте, {{ $steps.customer.name }}!\n\nМы получили оплату {{ $trigger.invoice.total }} {{ $trigger.invoice.currency }} по счёту {{ $trigger.invoice.number }}. Акт во вложении; доступ по тарифу открыт.\n\nСпасибо!',
  },
  es: {
    act: 'Acta de servicios prestados',
    line: 'Suscripción según la factura {{ $trigger.invoice.number }}',
    footer: 'Los servicios se prestaron completos y a tiempo; el cliente no tiene reclamaciones.',
    subject: 'Pago recibido: documentos de cierre de la factura {{ $trigger.invoice.number }}',
    text: 'Hola, {{ $steps.customer.name }}:\n\nHemos recibido su pago de {{ $trigger.invoice.total }} {{ $trigger.invoice.currency }} por la factura {{ $trigger.invoice.number }}. Adjuntamos el acta; su acceso ya está abierto.\n\n¡Gracias!',
  },
};

/**
 * Seed 001, "after": a paid Aspro.Cloud invoice is marked paid, the customer gets the closing
 * documents by e-mail, and the product opens the paid plan, all without the accountant.
 */
export const asproPaymentClosingDocsTemplate: FlowTemplate = {
  id: 'aspro-payment-closing-docs',
  title: 'Paid Aspro.Cloud invoice → status "Paid", closing documents, access opened',
  description:
    'When a payment covering an Aspro.Cloud invoice arrives, set the invoice status to "Paid", render the act (PDF) and e-mail it to the customer, '
    + 'then call your product\'s URL to open access for the paid plan. A payment reported twice opens access once.',
  connectors: ['aspro'],
  params: {
    asproConnection,
    emailConnection: emailConnection(true),
    paidStatusId: { label: 'Status id "Paid"', kind: 'number', required: true, description: 'Finance → Settings → Invoice statuses in Aspro.Cloud' },
    seller: { label: 'Your company on the act', kind: 'text', required: true, description: 'Name, INN/KPP, address as printed under "Contractor"' },
    accessUrl: { label: 'URL that opens access', kind: 'text', required: true, description: 'Your system receives a POST with the invoice, the customer and the subscription end; the same Idempotency-Key for the same invoice' },
    subscriptionEndField: { label: 'Subscription end field', kind: 'text', default: 'cf_12', description: 'Aspro.Cloud custom field with the date the paid period ends' },
  },
  texts: {
    ru: {
      title: 'Оплаченный счёт Аспро.Cloud → статус «Оплачен», закрывающие документы, доступ открыт',
      description:
        'Когда по счёту Аспро.Cloud поступает оплата, ставит счёту статус «Оплачен», формирует акт (PDF) и отправляет его клиенту по e-mail, '
        + 'затем вызывает URL вашего продукта, чтобы открыть доступ по оплаченному тарифу. Оплата, о которой сообщили дважды, открывает доступ один раз.',
      params: {
        asproConnection: asproConnectionTexts.ru,
        emailConnection: { label: 'Подключение e-mail (SMTP)' },
        paidStatusId: { label: 'Id статуса «Оплачен»', description: 'Финансы → Настройки → Статусы счетов в Аспро.Cloud' },
        seller: { label: 'Ваша организация в акте', description: 'Название, ИНН/КПП, адрес — как в графе «Исполнитель»' },
        accessUrl: { label: 'URL, открывающий доступ', description: 'Ваша система получает POST со счётом, клиентом и датой окончания подписки; для одного счёта — один и тот же Idempotency-Key' },
        subscriptionEndField: { label: 'Поле окончания подписки', description: 'Пользовательское поле Аспро.Cloud с датой окончания оплаченного периода' },
      },
      names: {
        'Closing documents and access after payment': 'Закрывающие документы и доступ после оплаты',
        'Invoice paid': 'Счёт оплачен',
        'Status "Paid"': 'Статус «Оплачен»',
        'Customer of the invoice': 'Клиент по счёту',
        'Render the act': 'Сформировать акт',
        'E-mail the closing documents': 'Отправить закрывающие документы',
        'Open access to the plan': 'Открыть доступ по тарифу',
      },
    },
    es: {
      title: 'Factura de Aspro.Cloud pagada → estado «Pagada», documentos de cierre, acceso abierto',
      description:
        'Cuando llega un pago que cubre una factura de Aspro.Cloud, pone la factura en «Pagada», genera el acta (PDF) y la envía al cliente por correo, '
        + 'y luego llama a la URL de su producto para abrir el acceso al plan pagado. Un pago notificado dos veces abre el acceso una sola vez.',
      params: {
        asproConnection: asproConnectionTexts.es,
        emailConnection: { label: 'Conexión de correo (SMTP)' },
        paidStatusId: { label: 'Id del estado «Pagada»', description: 'Finanzas → Ajustes → Estados de factura en Aspro.Cloud' },
        seller: { label: 'Su empresa en el acta', description: 'Nombre, INN/KPP, dirección tal como figuran en «Emisor»' },
        accessUrl: { label: 'URL que abre el acceso', description: 'Su sistema recibe un POST con la factura, el cliente y el fin de la suscripción; la misma Idempotency-Key para la misma factura' },
        subscriptionEndField: { label: 'Campo de fin de la suscripción', description: 'Campo personalizado de Aspro.Cloud con la fecha de fin del periodo pagado' },
      },
      names: {
        'Closing documents and access after payment': 'Documentos de cierre y acceso tras el pago',
        'Invoice paid': 'Factura pagada',
        'Status "Paid"': 'Estado «Pagada»',
        'Customer of the invoice': 'Cliente de la factura',
        'Render the act': 'Generar el acta',
        'E-mail the closing documents': 'Enviar los documentos de cierre',
        'Open access to the plan': 'Abrir el acceso al plan',
      },
    },
  },
  flows(p, _unique, lang) {
    const connection = p.asproConnection;
    const text = phrasesIn(say, lang);
    const endField = String(p.subscriptionEndField ?? 'cf_12').trim();
    return [{
      name: 'Closing documents and access after payment',
      graph: {
        schema: 1,
        nodes: [
          { id: 'paid', type: 'aspro.invoicePaid', name: 'Invoice paid', position: { x: 0, y: 0 }, params: { connection, subscriptionEndField: endField } },
          {
            id: 'status', type: 'aspro.setInvoiceStatus', name: 'Status "Paid"', position: { x: 280, y: 0 },
            retry: { attempts: 5, backoff: 'exponential', delayMs: 2000 },
            params: { connection, invoiceId: '{{ String($trigger.invoice.id) }}', statusId: p.paidStatusId },
          },
          {
            id: 'customer', type: 'aspro.getCustomer', name: 'Customer of the invoice', position: { x: 560, y: 0 },
            retry: { attempts: 5, backoff: 'exponential', delayMs: 2000 },
            params: { connection, customerId: '{{ String($trigger.invoice.customerId) }}', subscriptionEndField: endField },
          },
          {
            id: 'act', type: 'core.document', name: 'Render the act', position: { x: 840, y: 0 },
            params: {
              title: text.act, number: '{{ $trigger.invoice.number }}', seller: String(p.seller),
              buyer: "{{ $steps.customer.name + ($steps.customer.inn ? ', INN ' + $steps.customer.inn : '') }}",
              lines: [{ description: text.line, quantity: '1', price: '{{ $trigger.invoice.total }}' }],
              currency: 'RUB', language: lang ?? 'en', footer: text.footer, filename: 'act-{{ $trigger.invoice.number }}.pdf',
            },
          },
          {
            id: 'mail', type: 'core.notify', name: 'E-mail the closing documents', position: { x: 1120, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.customer.email }}', subject: text.subject, text: text.text, attachments: '{{ [$steps.act] }}' },
          },
          {
            id: 'access', type: 'core.http', name: 'Open access to the plan', position: { x: 1400, y: 0 },
            retry: { attempts: 5, backoff: 'exponential', delayMs: 5000 },
            params: {
              method: 'POST', url: String(p.accessUrl),
              // Keyed by the invoice, not the run: a second run for the same payment (reported again with another date) opens nothing twice on a receiver that honours the key.
              headers: { 'idempotency-key': 'aspro-invoice-{{ $trigger.invoice.id }}-access' },
              body: {
                invoiceId: '{{ $trigger.invoice.id }}', invoiceNumber: '{{ $trigger.invoice.number }}', total: '{{ $trigger.invoice.total }}',
                customerId: '{{ $trigger.invoice.customerId }}', customerInn: '{{ $steps.customer.inn }}',
                paidUntil: '{{ $steps.customer.subscriptionEndsAt ?? $trigger.invoice.subscriptionEndsAt }}',
              },
            },
          },
        ],
        edges: [
          { from: 'paid', to: 'status' },
          { from: 'status', to: 'customer' },
          { from: 'customer', to: 'act' },
          { from: 'act', to: 'mail' },
          { from: 'mail', to: 'access' },
        ],
      },
    }];
  },
};
