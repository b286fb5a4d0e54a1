import { f, InputError, own } from '../../sdk';
import { checkInn, checkKpp, isPersonInn } from '../sbis/requisites';

/** Diadoc takes far larger messages, but a run's files pass through memory and the database: 10 MB, decoded. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
// Diadoc ids: box ids are GUIDs or `<hex>@diadoc.ru`, message and entity ids GUIDs.
const BOX_ID = /^[0-9a-f]{32}@diadoc\.ru$|^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const diadocProps = {
  connection: () => f.connection({ label: 'Diadoc connection', connector: 'diadoc', required: true }),
  boxId: () => f.text({ label: 'Box id', placeholder: 'a1b2c3d4…@diadoc.ru', description: 'Our box; empty: the one set on the connection' }),
  messageId: () => f.key({ label: 'Message id', required: true, placeholder: '{{ $steps.send.messageId }}', description: 'The Diadoc message id (a GUID), e.g. from "Send document" or the trigger' }),
};

export function checkBoxId(value: string | undefined, param: string): string | undefined {
  const id = value?.trim();
  if (!id) return undefined;
  if (!BOX_ID.test(id)) throw new InputError(`'${value}' is not a Diadoc box id (a GUID or <32 hex>@diadoc.ru)`, { field: param });
  return id;
}

export function checkGuid(value: string, param: string, what: string): string {
  const id = value.trim();
  if (!GUID.test(id)) throw new InputError(`'${value}' is not a Diadoc ${what} (a GUID)`, { field: param });
  return id.toLowerCase();
}

export function requireInn(value: string, param: string): string {
  const inn = value.replace(/\s+/g, '');
  const problem = checkInn(inn);
  if (problem) throw new InputError(problem, { field: param });
  return inn;
}

export function optionalKpp(value: string | undefined, inn: string, param: string): string | undefined {
  const kpp = value?.replace(/\s+/g, '') || undefined;
  if (!kpp || isPersonInn(inn)) return undefined;
  const problem = checkKpp(kpp);
  if (problem) throw new InputError(problem, { field: param });
  return kpp;
}

export interface UpstreamFile {
  filename: string;
  content: Buffer;
}

/** The file as an upstream step (core.document) hands it over: `{ filename, contentBase64 }`. */
export function readFile(value: unknown, param = 'file'): UpstreamFile {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('The file is an object { filename, contentBase64 }', { field: param });
  const record = value as Record<string, unknown>;
  const rawName = own(record, 'filename');
  if (typeof rawName !== 'string' || !rawName.trim()) throw new InputError('The file needs a filename, e.g. act-1042.pdf', { field: `${param}.filename` });
  const filename = rawName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!filename || filename === '.' || filename === '..' || filename.length > 200) throw new InputError(`'${rawName.slice(0, 50)}' is not a file name of at most 200 characters`, { field: `${param}.filename` });
  return { filename, content: readBase64(own(record, 'contentBase64'), `${param}.contentBase64`, `File '${filename}'`) };
}

export function readBase64(value: unknown, param: string, what: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new InputError(`${what}: the content is not base64`, { field: param });
  // Refused before decoding, so a huge string costs no second copy.
  if (Math.floor((value.replace(/\s/g, '').length * 3) / 4) > MAX_FILE_BYTES + 2) throw new InputError(`${what} is larger than 10 MB`, { field: param });
  const content = Buffer.from(value, 'base64');
  if (!content.length) throw new InputError(`${what} is empty`, { field: param });
  return content;
}
