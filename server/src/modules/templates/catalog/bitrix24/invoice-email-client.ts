import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, emailConnection, hookPath, hookPathParam, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases } from './shared';

const payBy = "{{ $trigger.invoice.fields.closedate ? $formatDate($trigger.invoice.fields.closedate, 'dd.MM.yyyy') : '—' }}";
const say: Phrases<{ subject: string; text: string }> = {
  en: {
    subject: 'Invoice #{{ $trigger.invoice.id }}: {{ $steps.deal.deal.title }}',
    text: `Hello, {{ $steps.contact.contact.name }}!\n\nPlease find attached invoice #{{ $trigger.invoice.id }} for {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} for "{{ $steps.deal.deal.title }}". Please pay by ${payBy}.\n\nThank you!`,
  },
  ru: {
    subject: 'Счёт №{{ $trigger.invoice.id }}: {{ $steps.deal.deal.title }}',
    text: `Здравствуйте, {{ $steps.contact.contact.name }}!\n\nВо вложении счёт №{{ $trigger.invoice.id }} на {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} по сделке «{{ $steps.deal.deal.title }}». Оплатить до ${payBy}.\n\nСпасибо!`,
  },
  es: {
    subject: 'Factura n.º {{ $trigger.invoice.id }}: {{ $steps.deal.deal.title }}',
    text: `Hola, {{ $steps.contact.contact.name }}:\n\nAdjuntamos la factura n.º {{ $trigger.invoice.id }} por {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} de «{{ $steps.deal.deal.title }}». Fecha límite de pago: ${payBy}.\n\n¡Gracias!`,
  },
};

/**
 * Seed 003: an invoice moved to "Sent to client" is e-mailed, as a PDF, to the contact of its deal.
 * Moving it back to draft and to "Sent to client" again sends it again, freshly printed.
 */
export const invoiceEmailClientTemplate: FlowTemplate = {
  id: 'bitrix24-invoice-email-client',
  title: 'Invoice "sent to client" → e-mail its PDF to the client (Bitrix24)',
  description: "When a smart invoice reaches the \"Sent to client\" stage, print it with a document template and e-mail the PDF to the e-mail of the deal's contact. Draft → sent again sends it again.",
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    emailConnection: emailConnection(true),
    sentStageId: { label: 'Stage "Sent to client"', kind: 'text', required: true, description: 'The invoice stage id, e.g. DT31_1:S' },
    documentTemplateId: { label: 'Invoice document template id', kind: 'number', required: true },
    hookPath: hookPathParam('Webhook path for "invoice updated"'),
  },
  texts: {
    ru: {
      title: 'Счёт «отправлен клиенту» → отправить PDF клиенту по e-mail (Битрикс24)',
      description: 'Когда смарт-счёт переходит на стадию «Отправлен клиенту», печатает его по шаблону документа и отправляет PDF на e-mail контакта сделки. Повторная отправка — через «черновик» и снова «отправлен клиенту».',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        emailConnection: sharedTexts.ru.emailConnection,
        sentStageId: { label: 'Стадия «Отправлен клиенту»', description: 'ID стадии счёта, например DT31_1:S' },
        documentTemplateId: { label: 'ID шаблона документа счёта' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт изменён»'),
      },
      names: {
        'E-mail invoices sent to clients': 'Отправка счетов клиентам',
        'Invoice sent to client': 'Счёт отправлен клиенту',
        'Deal of the invoice': 'Сделка счёта',
        'Contact of the deal': 'Контакт сделки',
        'Invoice as PDF': 'Счёт в PDF',
        'E-mail the invoice': 'Отправить счёт по e-mail',
      },
    },
    es: {
      title: 'Factura «enviada al cliente» → enviar su PDF por correo al cliente (Bitrix24)',
      description: 'Cuando una factura inteligente llega a la etapa «Enviada al cliente», la imprime con una plantilla de documento y envía el PDF al correo del contacto del negocio. Borrador → enviada de nuevo la vuelve a enviar.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        emailConnection: sharedTexts.es.emailConnection,
        sentStageId: { label: 'Etapa «Enviada al cliente»', description: 'El id de la etapa de la factura, p. ej. DT31_1:S' },
        documentTemplateId: { label: 'Id de la plantilla de documento de la factura' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura modificada»'),
      },
      names: {
        'E-mail invoices sent to clients': 'Enviar las facturas a los clientes',
        'Invoice sent to client': 'Factura enviada al cliente',
        'Deal of the invoice': 'Negocio de la factura',
        'Contact of the deal': 'Contacto del negocio',
        'Invoice as PDF': 'Factura en PDF',
        'E-mail the invoice': 'Enviar la factura por correo',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    return [{
      name: 'E-mail invoices sent to clients',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'sent', type: 'bitrix24.invoiceStageChanged', name: 'Invoice sent to client', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-sent'), stageId: p.sentStageId } },
          { id: 'deal', type: 'bitrix24.getDeal', name: 'Deal of the invoice', position: { x: 280, y: 0 }, params: { connection, dealId: '{{ $trigger.invoice.dealId }}' } },
          { id: 'contact', type: 'bitrix24.getContact', name: 'Contact of the deal', position: { x: 560, y: 0 }, params: { connection, contactId: '{{ $steps.deal.deal.contactId ?? $trigger.invoice.contactId }}' } },
          {
            id: 'pdf', type: 'bitrix24.invoicePdf', name: 'Invoice as PDF', position: { x: 840, y: 0 },
            // Bitrix24 converts to PDF in the background: the retries give it a few minutes.
            retry: { attempts: 6, backoff: 'exponential', delayMs: 5000 },
            params: { connection, invoiceId: '{{ $trigger.invoice.id }}', templateId: p.documentTemplateId },
          },
          {
            id: 'mail', type: 'core.notify', name: 'E-mail the invoice', position: { x: 1120, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.contact.contact.email }}', subject: text.subject, text: text.text, attachments: '{{ $steps.pdf.file }}' },
          },
        ],
        edges: [{ from: 'sent', to: 'deal' }, { from: 'deal', to: 'contact' }, { from: 'contact', to: 'pdf' }, { from: 'pdf', to: 'mail' }],
      },
    }];
  },
};
