import { defineNode, f, InputError, RemoteError } from '../../../sdk';
import { connectSbis, documentIdFor } from '../api';
import { checkDocumentId, loadFile, requireInn, requireKpp, sbisProps } from '../props';
import { sampleDocument } from '../samples';

const documentTypes = [
  { value: 'ДокОтгрИсх', label: 'Act or shipment document (ДокОтгрИсх)' },
  { value: 'СчетИсх', label: 'Invoice for payment (СчетИсх)' },
  { value: 'ФактураИсх', label: 'VAT invoice (ФактураИсх)' },
  { value: 'ДоговорИсх', label: 'Contract (ДоговорИсх)' },
  { value: 'АктСверИсх', label: 'Reconciliation statement (АктСверИсх)' },
] as const;

export const sbisSendDocument = defineNode({
  type: 'sbis.sendDocument',
  kind: 'action',
  title: 'Send document for signing',
  category: 'Documents',
  connector: 'sbis',
  description:
    'Sends a file (an act, an invoice) to a counterparty through SBIS EDO for signing: writes the document, prepares and executes the send, signed by the signature SBIS keeps for you. '
    + 'A retry of the step finds the document an earlier attempt wrote instead of sending a second one.',
  params: {
    connection: sbisProps.connection(),
    documentType: f.select({ label: 'Document type', options: documentTypes, default: 'ДокОтгрИсх' }),
    number: f.text({ label: 'Document number', required: true, minLength: 1, placeholder: '{{ $steps.act.number }}' }),
    date: f.date({ label: 'Document date', description: 'Today (Moscow time) when empty' }),
    counterpartyInn: f.text({ label: 'Counterparty INN', required: true, placeholder: '7707083893', description: '10 digits for a company, 12 for an individual entrepreneur' }),
    counterpartyKpp: f.text({ label: 'Counterparty KPP', placeholder: '773601001', description: 'Required for a company' }),
    counterpartyName: f.text({ label: 'Counterparty name', description: 'Shown in SBIS until it recognises the counterparty by INN' }),
    file: f.json({ label: 'File', required: true, description: 'From an upstream step: { "filename": "act.pdf", "contentBase64": "…" } or { "filename": "act.pdf", "url": "https://…" }; 10 MB at most' }),
    comment: f.text({ label: 'Comment', multiline: true, description: 'Note on the document and comment to the send, seen by the counterparty' }),
    regulation: f.text({ label: 'Regulation', description: 'Name of an SBIS document route (Регламент); empty: the default route for the type' }),
  },
  sampleOutput: { ...sampleDocument, state: { code: '2', name: 'Отправлен', description: 'Документ отправлен контрагенту' }, signed: false, resumed: false },
  async run(ctx, params) {
    const inn = requireInn(params.counterpartyInn, 'counterpartyInn');
    const kpp = requireKpp(params.counterpartyKpp, inn, 'counterpartyKpp');
    const number = params.number.trim();
    if (number.length > 100) throw new InputError('The document number is longer than 100 characters', { field: 'number' });
    const date = params.date ? parseDay(params.date) : ctx.now();
    const id = checkDocumentId(documentIdFor(ctx.idempotencyKey));
    const sbis = await connectSbis(ctx, params.connection);

    // Only a retry can find its own document; a first attempt would just pay for a "not found".
    const existing = ctx.attempt > 1 ? await sbis.findDocument(id) : undefined;
    if (existing && !existing.sendable) return { ...existing, resumed: true };
    if (!existing) {
      const file = await loadFile(params.file, ctx);
      try {
        await sbis.writeDocument({
          id,
          type: params.documentType ?? 'ДокОтгрИсх',
          number,
          date,
          comment: params.comment?.trim() || undefined,
          regulation: params.regulation?.trim() || undefined,
          counterparty: { inn, kpp, name: params.counterpartyName?.trim() || undefined },
          file: { attachmentId: documentIdFor(ctx.idempotencyKey, 'attachment'), filename: file.filename, content: file.content },
          reference: `flowbridge:${ctx.idempotencyKey}`,
        });
      } catch (error) {
        // A step re-run without a new attempt number (a crash right after the send) meets its own sent document.
        const found = error instanceof RemoteError && !error.retryable ? await sbis.findDocument(id) : undefined;
        if (!found || found.sendable) throw error;
        return { ...found, resumed: true };
      }
    }
    await sbis.prepareSend(id);
    const sent = await sbis.executeSend(id, params.comment?.trim() || undefined);
    return { ...sent, id: sent.id || id, resumed: !!existing };
  },
});

/** A calendar day as typed (YYYY-MM-DD, DD.MM.YYYY) or an instant; a bare day is never shifted by a time zone. */
function parseDay(value: string): Date {
  const raw = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw);
  const date = iso ? new Date(Date.UTC(+iso[1], +iso[2] - 1, +iso[3]))
    : ru ? new Date(Date.UTC(+ru[3], +ru[2] - 1, +ru[1]))
      : new Date(raw);
  if (Number.isNaN(date.getTime())) throw new InputError(`Document date '${value}' is not a date`, { field: 'date' });
  return date;
}
