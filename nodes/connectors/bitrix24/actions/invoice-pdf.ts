import { defineNode, f, RemoteError } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { asPositiveInt, asText, field } from '../form';
import { bitrix24Props, requiredId } from '../props';
import { SMART_INVOICE_ENTITY_TYPE_ID, type DocumentWire } from '../types';

/** As base64 it stays under a step's default 256 KB payload limit, so the next step gets the whole file. */
export const MAX_PDF_BYTES = 160 * 1024;

export const bitrix24InvoicePdf = defineNode({
  type: 'bitrix24.invoicePdf',
  kind: 'action',
  title: 'Invoice PDF',
  category: 'CRM',
  connector: 'bitrix24',
  description:
    'Prints a smart invoice with a document template and hands its PDF on as an attachment, e.g. for "Notify" to e-mail it to the client. '
    + 'A printed form made after the invoice last changed is reused; while Bitrix24 is still converting the PDF the step is retried.',
  params: {
    connection: bitrix24Props.connection(),
    invoiceId: bitrix24Props.invoiceId(),
    templateId: f.key({ label: 'Document template id', required: true, description: 'CRM → Smart invoices → Print → Templates: the id of the invoice form' }),
    stamps: f.boolean({ label: 'Stamp and signature', default: true }),
    filename: f.text({ label: 'File name', placeholder: 'invoice-1201.pdf', description: 'Empty: invoice-<document number>.pdf' }),
  },
  sampleOutput: {
    document: { id: 61, number: '61', title: 'Invoice 61', createTime: '2026-03-02T12:00:00+03:00' },
    file: { filename: 'invoice-61.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0xLjQK…' },
    size: 48213,
    created: true,
  },
  async run(ctx, params) {
    const id = requiredId(params.invoiceId, 'invoiceId');
    const templateId = requiredId(params.templateId, 'templateId');
    const api = await connectBitrix24(ctx, params.connection);
    const invoice = await orMissing(api.getInvoice(id), `Invoice ${id}`, 'invoiceId');
    // A form printed before the invoice last changed may show an old amount or stage; one printed since is current.
    const changedAt = Date.parse(asText(field(invoice.fields, 'updatedTime')) ?? '');
    const current = (await api.documentsOf(SMART_INVOICE_ENTITY_TYPE_ID, id, templateId))
      .find((d) => !Number.isFinite(changedAt) || Date.parse(asText(field(d, 'createTime')) ?? '') >= changedAt);
    const currentId = asPositiveInt(field(current, 'id'));
    const document: DocumentWire = currentId
      ? await api.getDocument(currentId)
      : await api.addDocument(SMART_INVOICE_ENTITY_TYPE_ID, id, templateId, params.stamps !== false);
    const documentId = asPositiveInt(field(document, 'id')) ?? 0;
    if (field(document, 'isTransformationError') === true) {
      const reason = asText(field(document, 'transformationErrorMessage')) ?? 'no reason given';
      throw new RemoteError(`Bitrix24 could not convert document ${documentId} of invoice ${id} to PDF: ${reason}`, { status: 502, retryable: false });
    }
    const pdfUrl = asText(field(document, 'pdfUrlMachine'));
    // Conversion runs in the background; the retry finds this document again instead of printing another.
    if (!pdfUrl) throw new RemoteError(`The PDF of invoice ${id} (document ${documentId}) is not converted yet`, { status: 503, retryable: true });
    const { content } = await api.downloadPdf(pdfUrl);
    if (content.length > MAX_PDF_BYTES) {
      throw new RemoteError(`The PDF of invoice ${id} is ${Math.ceil(content.length / 1024)} KB; at most ${MAX_PDF_BYTES / 1024} KB can be passed between steps`, { status: 413, retryable: false });
    }
    const number = asText(field(document, 'number')) ?? String(documentId);
    return {
      document: { id: documentId, number, title: asText(field(document, 'title')) ?? '', createTime: asText(field(document, 'createTime')) ?? null },
      file: { filename: params.filename?.trim() || `invoice-${number}.pdf`, contentType: 'application/pdf', contentBase64: content.toString('base64') },
      size: content.length,
      created: !currentId,
    };
  },
});
