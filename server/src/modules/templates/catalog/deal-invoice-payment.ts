import type { FlowTemplate } from '../flow-template';

/**
 * The first case study: a Kommo deal reaching "To invoice" gets an EasyCount invoice with a payment
 * link written back onto the deal; when the payment arrives the deal moves to "Paid", and if it
 * does not arrive in time the manager gets a note on the deal.
 */
export const dealInvoicePaymentTemplate: FlowTemplate = {
  id: 'kommo-easycount-invoice',
  title: 'Deal → invoice → payment link → paid (Kommo + EasyCount + Stripe)',
  description: 'When a Kommo deal reaches a stage, create the invoice in EasyCount, put the payment link and invoice number on the deal, wait for the payment, then mark the deal paid.',
  connectors: ['kommo', 'easycount', 'stripe'],
  params: {
    kommoConnection: { label: 'Kommo connection', kind: 'connection', connector: 'kommo', required: true },
    easycountConnection: { label: 'EasyCount connection', kind: 'connection', connector: 'easycount', required: true },
    stripeConnection: { label: 'Stripe connection', kind: 'connection', connector: 'stripe', required: true },
    pipelineId: { label: 'Pipeline id', kind: 'number', required: true },
    toInvoiceStatusId: { label: 'Stage that triggers the invoice', kind: 'number', required: true },
    invoiceSentStatusId: { label: 'Stage after the invoice is sent', kind: 'number', required: true },
    paidStatusId: { label: 'Stage once paid', kind: 'number', required: true },
    paymentLinkFieldId: { label: 'Deal field for the payment link', kind: 'number', required: true },
    invoiceNumberFieldId: { label: 'Deal field for the invoice number', kind: 'number', required: true },
    paymentWaitDays: { label: 'Days to wait for the payment', kind: 'number', default: 5 },
    returnUrl: { label: 'Page the payer returns to', kind: 'text', default: 'https://example.com/thanks' },
    kommoHookPath: { label: 'Kommo webhook path', kind: 'text', description: 'Defaults to a random, hard-to-guess path' },
    stripeHookPath: { label: 'Stripe webhook path', kind: 'text', description: 'Defaults to a random, hard-to-guess path' },
  },
  texts: {
    ru: {
      title: 'Сделка → счёт → ссылка на оплату → оплачено (Kommo + EasyCount + Stripe)',
      description: 'Когда сделка Kommo доходит до этапа, выставляет счёт в EasyCount, записывает в сделку ссылку на оплату и номер счёта, ждёт оплату и отмечает сделку оплаченной.',
      params: {
        kommoConnection: { label: 'Подключение Kommo' },
        easycountConnection: { label: 'Подключение EasyCount' },
        stripeConnection: { label: 'Подключение Stripe' },
        pipelineId: { label: 'Id воронки' },
        toInvoiceStatusId: { label: 'Этап, на котором выставляется счёт' },
        invoiceSentStatusId: { label: 'Этап после отправки счёта' },
        paidStatusId: { label: 'Этап после оплаты' },
        paymentLinkFieldId: { label: 'Поле сделки для ссылки на оплату' },
        invoiceNumberFieldId: { label: 'Поле сделки для номера счёта' },
        paymentWaitDays: { label: 'Сколько дней ждать оплату' },
        returnUrl: { label: 'Страница, куда вернётся плательщик' },
        kommoHookPath: { label: 'Путь вебхука Kommo', description: 'По умолчанию — случайный, трудный для подбора путь' },
        stripeHookPath: { label: 'Путь вебхука Stripe', description: 'По умолчанию — случайный, трудный для подбора путь' },
      },
      names: {
        'Invoice a deal and follow its payment': 'Счёт по сделке и контроль оплаты',
        'Deal reached “To invoice”': 'Сделка на этапе «Выставить счёт»',
        'Create the invoice': 'Выставить счёт',
        'Payment link onto the deal': 'Ссылка на оплату в сделку',
        'Wait for the payment': 'Ждать оплату',
        'Deal paid': 'Сделка оплачена',
        'No payment: note for the manager': 'Нет оплаты: примечание менеджеру',
        'Payments from Stripe': 'Оплаты из Stripe',
        'Stripe payment succeeded': 'Оплата в Stripe прошла',
      },
    },
    es: {
      title: 'Trato → factura → enlace de pago → pagado (Kommo + EasyCount + Stripe)',
      description: 'Cuando un trato de Kommo llega a una etapa, emite la factura en EasyCount, pone el enlace de pago y el número de factura en el trato, espera el pago y marca el trato como pagado.',
      params: {
        kommoConnection: { label: 'Conexión de Kommo' },
        easycountConnection: { label: 'Conexión de EasyCount' },
        stripeConnection: { label: 'Conexión de Stripe' },
        pipelineId: { label: 'Id del embudo' },
        toInvoiceStatusId: { label: 'Etapa que emite la factura' },
        invoiceSentStatusId: { label: 'Etapa tras enviar la factura' },
        paidStatusId: { label: 'Etapa una vez pagado' },
        paymentLinkFieldId: { label: 'Campo del trato para el enlace de pago' },
        invoiceNumberFieldId: { label: 'Campo del trato para el número de factura' },
        paymentWaitDays: { label: 'Días de espera del pago' },
        returnUrl: { label: 'Página a la que vuelve quien paga' },
        kommoHookPath: { label: 'Ruta del webhook de Kommo', description: 'Por defecto, una ruta aleatoria y difícil de adivinar' },
        stripeHookPath: { label: 'Ruta del webhook de Stripe', description: 'Por defecto, una ruta aleatoria y difícil de adivinar' },
      },
      names: {
        'Invoice a deal and follow its payment': 'Facturar un trato y seguir su pago',
        'Deal reached “To invoice”': 'Trato en «Facturar»',
        'Create the invoice': 'Emitir la factura',
        'Payment link onto the deal': 'Enlace de pago en el trato',
        'Wait for the payment': 'Esperar el pago',
        'Deal paid': 'Trato pagado',
        'No payment: note for the manager': 'Sin pago: nota para el gestor',
        'Payments from Stripe': 'Pagos de Stripe',
        'Stripe payment succeeded': 'Pago de Stripe realizado',
      },
    },
  },
  flows(p, unique) {
    const kommo = p.kommoConnection;
    const lead = '{{ $trigger.lead.id }}';
    return [
      {
        name: 'Invoice a deal and follow its payment',
        graph: {
          schema: 1,
          nodes: [
            {
              id: 'deal', type: 'kommo.leadStatusChanged', name: 'Deal reached “To invoice”', position: { x: 0, y: 0 },
              params: { connection: kommo, path: p.kommoHookPath ?? `kommo/${unique}`, pipelineId: p.pipelineId, statusId: p.toInvoiceStatusId, businessKey: lead },
            },
            {
              id: 'invoice', type: 'easycount.createInvoice', name: 'Create the invoice', position: { x: 280, y: 0 },
              retry: { attempts: 5, backoff: 'exponential', delayMs: 2000 },
              params: {
                connection: p.easycountConnection,
                customerName: '{{ $trigger.lead.contacts[0]?.name || $trigger.lead.name }}',
                customerEmail: "{{ $trigger.lead.contacts[0]?.email ?? '' }}",
                amount: '{{ $trigger.lead.price }}',
                description: '{{ $trigger.lead.name }}',
                paymentLink: true,
                successUrl: p.returnUrl,
              },
            },
            {
              id: 'writeBack', type: 'kommo.updateLead', name: 'Payment link onto the deal', position: { x: 560, y: 0 },
              params: {
                connection: kommo, leadId: lead, pipelineId: p.pipelineId, statusId: p.invoiceSentStatusId,
                customFields: { [String(p.paymentLinkFieldId)]: '{{ $steps.invoice.paymentUrl }}', [String(p.invoiceNumberFieldId)]: '{{ $steps.invoice.docNumber }}' },
              },
            },
            {
              id: 'payment', type: 'core.waitForEvent', name: 'Wait for the payment', position: { x: 840, y: 0 },
              params: { eventType: 'payment.succeeded', correlationKey: '{{ $steps.invoice.docNumber }}', timeoutAmount: p.paymentWaitDays ?? 5, timeoutUnit: 'days' },
            },
            {
              id: 'markPaid', type: 'kommo.updateLead', name: 'Deal paid', position: { x: 1120, y: -80 },
              params: { connection: kommo, leadId: lead, pipelineId: p.pipelineId, statusId: p.paidStatusId },
            },
            {
              id: 'remind', type: 'kommo.addNote', name: 'No payment: note for the manager', position: { x: 1120, y: 80 },
              params: { connection: kommo, leadId: lead, text: 'Invoice {{ $steps.invoice.docNumber }} is still unpaid after ' + String(p.paymentWaitDays ?? 5) + ' days.' },
            },
          ],
          edges: [
            { from: 'deal', to: 'invoice' },
            { from: 'invoice', to: 'writeBack' },
            { from: 'writeBack', to: 'payment' },
            { from: 'payment', port: 'event', to: 'markPaid' },
            { from: 'payment', port: 'timeout', to: 'remind' },
          ],
        },
      },
      {
        name: 'Payments from Stripe',
        graph: {
          schema: 1,
          nodes: [
            {
              id: 'paid', type: 'stripe.paymentSucceeded', name: 'Stripe payment succeeded', position: { x: 0, y: 0 },
              params: { connection: p.stripeConnection, path: p.stripeHookPath ?? `stripe/${unique}` },
            },
          ],
          edges: [],
        },
      },
    ];
  },
};
