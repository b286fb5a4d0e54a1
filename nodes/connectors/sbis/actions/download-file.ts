import { defineNode, f, InputError, RemoteError } from '../../../sdk';
import { connectSbis, orMissing } from '../api';
import type { SbisAttachment } from '../normalise';
import { checkDocumentId, MAX_FILE_BYTES, sbisProps } from '../props';

// A detached CMS signature is a few kilobytes; anything far larger is not one.
const MAX_SIGNATURE_BYTES = 1024 * 1024;

export const sbisDownloadFile = defineNode({
  type: 'sbis.downloadFile',
  kind: 'action',
  title: 'Download signed file',
  category: 'Documents',
  connector: 'sbis',
  sideEffects: false,
  description:
    'Downloads a file of an SBIS document, once signed, as { filename, contentBase64 } that later steps can attach to an email or store; with "Include signature" also the counterparty\'s signature file. 10 MB at most.',
  params: {
    connection: sbisProps.connection(),
    documentId: sbisProps.documentId(),
    attachment: f.text({ label: 'Attachment', description: 'Attachment id or file name; empty: the first attachment that is not a service one' }),
    requireSigned: f.boolean({ label: 'Only when signed', default: true, description: 'Fail when the counterparty has not signed the document yet' }),
    withSignature: f.boolean({ label: 'Include signature', default: false, description: 'Also download the signature file (.sgn) of the attachment' }),
  },
  sampleOutput: {
    documentId: '3b0c6f0e-5c1d-5a4e-9b7a-2f61d0c8e915',
    signed: true,
    file: { filename: 'act-1042.pdf', contentBase64: 'JVBERi0xLjQK…', contentType: 'application/pdf', size: 48213 },
    signature: { filename: 'act-1042.pdf.sgn', contentBase64: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx…', contentType: 'application/pkcs7-signature', size: 3412 },
  },
  async run(ctx, params) {
    const id = checkDocumentId(params.documentId);
    const sbis = await connectSbis(ctx, params.connection);
    const doc = await orMissing(sbis.readDocument(id), `Document ${id}`, 'documentId');
    if ((params.requireSigned ?? true) && !doc.signed) {
      throw new InputError(`Document ${doc.number ?? id} is not signed yet (state: ${doc.state.name ?? doc.state.code ?? 'unknown'})`, { field: 'documentId' });
    }
    const attachment = pick(doc.attachments, params.attachment?.trim());
    // SBIS sometimes hands out an attachment before its link is ready: worth asking again later.
    if (!attachment.fileUrl) throw new RemoteError(`SBIS has no download link for '${attachment.name ?? attachment.id}' yet`, { retryable: true });
    const file = await sbis.download(attachment.fileUrl, MAX_FILE_BYTES);
    const filename = attachment.name ?? `${id}.bin`;
    const output: Record<string, unknown> = {
      documentId: doc.id || id,
      signed: doc.signed,
      file: { filename, contentBase64: file.content.toString('base64'), contentType: file.contentType ?? contentTypeOf(filename), size: file.content.length },
    };
    if (params.withSignature) {
      const signature = attachment.signatures.find((s) => s.fileUrl);
      if (!signature?.fileUrl) throw new RemoteError(`SBIS lists no signature for '${filename}' yet`, { retryable: !doc.signed });
      const sgn = await sbis.download(signature.fileUrl, MAX_SIGNATURE_BYTES);
      const name = signature.name ?? `${filename}.sgn`;
      output.signature = { filename: name, contentBase64: sgn.content.toString('base64'), contentType: 'application/pkcs7-signature', size: sgn.content.length };
    }
    return output;
  },
});

function pick(attachments: SbisAttachment[], wanted: string | undefined): SbisAttachment {
  if (wanted) {
    const found = attachments.find((a) => a.id === wanted || a.name === wanted);
    if (!found) throw new InputError(`The document has no attachment '${wanted}' (it has: ${attachments.map((a) => a.name ?? a.id).join(', ') || 'none'})`, { field: 'attachment' });
    return found;
  }
  const first = attachments.find((a) => !a.service) ?? attachments[0];
  if (!first) throw new InputError('The document has no attachments', { field: 'documentId' });
  return first;
}

function contentTypeOf(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'pdf') return 'application/pdf';
  if (ext === 'xml') return 'application/xml';
  if (ext === 'sgn' || ext === 'sig' || ext === 'p7s') return 'application/pkcs7-signature';
  return 'application/octet-stream';
}
