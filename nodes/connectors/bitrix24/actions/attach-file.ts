import { defineNode, f, InputError } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, DEAL_FIELDS_SOURCE, requiredId } from '../props';

/** Bitrix24 takes files inline as base64; past this a deal field is the wrong place for them. */
export const MAX_ATTACHED_BYTES = 10 * 1024 * 1024;

/**
 * Puts a file from an upstream step (a rendered act, an invoice PDF) into a file field of a deal,
 * the way Bitrix24 takes files over REST: `{ fileData: [name, base64] }`. Writing the same file
 * again replaces it, so a retry is harmless.
 */
export const bitrix24AttachFile = defineNode({
  type: 'bitrix24.attachFile',
  kind: 'action',
  title: 'Attach a file to a deal',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Writes a file from an earlier step (e.g. the act rendered by "Render a document") into a file field of a Bitrix24 deal.',
  params: {
    connection: bitrix24Props.connection(),
    dealId: bitrix24Props.dealId(),
    field: f.dynamicSelect({ label: 'File field', source: DEAL_FIELDS_SOURCE, required: true, description: 'A custom field of type "file", e.g. UF_CRM_ACT_FILE' }),
    file: f.json({ label: 'File', required: true, description: 'An attachment: { filename, contentBase64 }, e.g. {{ $steps.act }}' }),
  },
  sampleOutput: { dealId: 410, field: 'UF_CRM_ACT_FILE', filename: 'act-410.pdf', size: 5120 },
  async run(ctx, params) {
    const id = requiredId(params.dealId, 'dealId');
    if (!/^UF_CRM_\w{1,60}$/.test(params.field)) throw new InputError(`'${params.field}' is not a custom deal field (UF_CRM_…)`, { field: 'field' });
    const file = (params.file ?? {}) as Record<string, unknown>;
    const filename = Object.hasOwn(file, 'filename') && typeof file.filename === 'string' ? file.filename.trim() : '';
    const content = Object.hasOwn(file, 'contentBase64') && typeof file.contentBase64 === 'string' ? file.contentBase64 : '';
    if (!filename || !content) throw new InputError(`'file' must be an attachment with a filename and contentBase64, such as the output of "Render a document"`, { field: 'file' });
    const size = Math.floor((content.length * 3) / 4);
    if (size > MAX_ATTACHED_BYTES) throw new InputError(`The file is about ${size} bytes, more than ${MAX_ATTACHED_BYTES}`, { field: 'file' });
    const api = await connectBitrix24(ctx, params.connection);
    await orMissing(api.updateDeal(id, { [params.field]: { fileData: [filename.slice(0, 200), content] } }, false), `Deal ${id}`, 'dealId');
    return { dealId: id, field: params.field, filename, size };
  },
});
