import { defineNode, f, InputError } from '../../../sdk';
import { connectDiadoc, operationIdFor, type DiadocApi } from '../api';
import type { DiadocDocument, DiadocMessage } from '../normalise';
import { checkBoxId, diadocProps, optionalKpp, readBase64, readFile, requireInn } from '../props';
import { sampleMessage } from '../samples';

const documentTypes = [
  { value: 'Nonformalized', label: 'Any file (Nonformalized)' },
  { value: 'UniversalTransferDocument', label: 'Universal transfer document (UTD)' },
  { value: 'XmlAcceptanceCertificate', label: 'Acceptance certificate (XML)' },
  { value: 'Invoice', label: 'VAT invoice (XML)' },
  { value: 'Contract', label: 'Contract' },
] as const;

export const diadocSendDocument = defineNode({
  type: 'diadoc.sendDocument',
  kind: 'action',
  title: 'Send document',
  category: 'Documents',
  connector: 'diadoc',
  description:
    'Sends a file (an act, an invoice, a contract) to a counterparty\'s Diadoc box for signing. With a signature it is sent at once; without one it is left as a draft to sign and send in Diadoc. '
    + 'A retry of the step finds the message an earlier attempt posted instead of posting a second one.',
  params: {
    connection: diadocProps.connection(),
    file: f.json({ label: 'File', required: true, description: 'From an upstream step, e.g. {{ $steps.act }}: { "filename": "act.pdf", "contentBase64": "…" }; 10 MB at most' }),
    counterpartyInn: f.text({ label: 'Counterparty INN', placeholder: '7707083893', description: 'Finds the counterparty\'s box; not needed with a box id' }),
    counterpartyKpp: f.text({ label: 'Counterparty KPP', placeholder: '773601001', description: 'Tells a company\'s branches apart' }),
    toBoxId: f.text({ label: 'Counterparty box id', description: 'The recipient\'s box, when known (e.g. from "Find counterparty")' }),
    typeNamedId: f.select({ label: 'Document type', options: documentTypes, default: 'Nonformalized' }),
    function: f.text({ label: 'Function', placeholder: 'default', description: 'For formalized types, e.g. СЧФДОП for a UTD; empty: default' }),
    version: f.text({ label: 'Format version', placeholder: 'utd820_05_01_01_hyphen', description: 'For formalized types; empty: the one Diadoc picks' }),
    number: f.text({ label: 'Document number', placeholder: 'A-1042' }),
    date: f.text({ label: 'Document date', placeholder: '02.03.2026', description: 'DD.MM.YYYY' }),
    comment: f.text({ label: 'Comment', multiline: true, description: 'Seen by the counterparty' }),
    signature: f.text({ label: 'Signature (base64)', description: 'A detached CMS signature of the file; empty: the document is left as a draft to sign in Diadoc' }),
    needRecipientSignature: f.boolean({ label: 'Ask the recipient to sign', default: true }),
    boxId: diadocProps.boxId(),
  },
  sampleOutput: { ...sampleMessage, document: sampleMessage.documents[0], draft: false, resumed: false },
  async run(ctx, params) {
    const file = readFile(params.file);
    const signature = params.signature?.trim() ? readBase64(params.signature, 'signature', 'The signature') : undefined;
    const explicitBox = checkBoxId(params.boxId, 'boxId');
    const toBoxIdParam = checkBoxId(params.toBoxId, 'toBoxId');
    const inn = !toBoxIdParam ? requireInn(params.counterpartyInn ?? '', 'counterpartyInn') : undefined;
    const kpp = inn ? optionalKpp(params.counterpartyKpp, inn, 'counterpartyKpp') : undefined;
    const number = params.number?.trim();
    if (number && number.length > 100) throw new InputError('The document number is longer than 100 characters', { field: 'number' });
    const date = params.date?.trim();
    if (date && !/^\d{2}\.\d{2}\.\d{4}$/.test(date)) throw new InputError(`Document date '${date}' is not DD.MM.YYYY`, { field: 'date' });
    const comment = params.comment?.trim();
    if (comment && comment.length > 1000) throw new InputError('The comment is longer than 1000 characters', { field: 'comment' });

    const diadoc = await connectDiadoc(ctx, params.connection);
    const fromBoxId = await diadoc.box(explicitBox);
    const customDocumentId = operationIdFor(ctx.idempotencyKey, 'document');
    // Only a retry can find its own message; a first attempt would just pay for a lookup.
    if (ctx.attempt > 1) {
      const earlier = await findPosted(diadoc, fromBoxId, customDocumentId);
      if (earlier) return earlier;
    }
    const toBoxId = toBoxIdParam ?? await boxOf(diadoc, inn!, kpp);
    const posted = await diadoc.postMessage({
      fromBoxId,
      toBoxId,
      isDraft: !signature,
      operationId: operationIdFor(ctx.idempotencyKey),
      attachment: {
        typeNamedId: params.typeNamedId ?? 'Nonformalized',
        function: params.function?.trim() || undefined,
        version: params.version?.trim() || undefined,
        filename: file.filename,
        content: file.content,
        signature,
        comment,
        customDocumentId,
        needRecipientSignature: params.needRecipientSignature ?? true,
        metadata: [...(number ? [{ key: 'DocumentNumber', value: number }] : []), ...(date ? [{ key: 'DocumentDate', value: date }] : [])],
      },
    });
    if (!posted) {
      // 409: this operation id was posted before (a crash right after the post): answer with that message.
      const earlier = await findPosted(diadoc, fromBoxId, customDocumentId);
      if (earlier) return earlier;
      throw new InputError('Diadoc says this step already posted its message, yet cannot find it; check the box in Diadoc', { field: 'boxId' });
    }
    return result(posted, !signature, false);
  },
});

async function boxOf(diadoc: DiadocApi, inn: string, kpp: string | undefined): Promise<string> {
  const found = (await diadoc.organizationsByInnKpp(inn, kpp)).flatMap((o) => o.boxes);
  if (!found.length) throw new InputError(`No organisation with INN ${inn}${kpp ? ` and KPP ${kpp}` : ''} has a Diadoc box; invite it or send through its operator`, { field: 'counterpartyInn' });
  return found[0].boxId;
}

async function findPosted(diadoc: DiadocApi, boxId: string, customDocumentId: string) {
  const [document] = await diadoc.documentsByCustomId(boxId, customDocumentId);
  if (!document?.messageId) return undefined;
  const message = await diadoc.getMessage(boxId, document.messageId);
  return result(message, message.isDraft, true);
}

function result(message: DiadocMessage, draft: boolean, resumed: boolean): DiadocMessage & { document: DiadocDocument | null; draft: boolean; resumed: boolean } {
  return { ...message, document: message.documents[0] ?? null, draft, resumed };
}
