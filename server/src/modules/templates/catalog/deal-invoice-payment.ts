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
