import { f, InputError, own, type HttpClient } from '../../sdk';
import { fetchUpstreamFile } from './client';
import { checkInn, checkKpp, isPersonInn } from './requisites';

/** SBIS accepts far larger JSON, but a run's files pass through memory and the database: 10 MB, decoded. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sbisProps = {
  connection: () => f.connection({ label: 'SBIS connection', connector: 'sbis', required: true }),
  documentId: () => f.key({ label: 'Document id', required: true, placeholder: '{{ $steps.send.id }}', description: 'The SBIS document id (a UUID), e.g. from "Send document for signing" or the trigger' }),
};

export function checkDocumentId(value: string, param = 'documentId'): string {
  const id = value.trim();
  if (!UUID.test(id)) throw new InputError(`'${value}' is not an SBIS document id (a UUID such as 0f2d…-…)`, { field: param });
  return id.toLowerCase();
}

export function requireInn(value: string, param: string): string {
  const inn = value.replace(/\s+/g, '');
  const problem = checkInn(inn);
  if (problem) throw new InputError(problem, { field: param });
  return inn;
}

/** A company needs its KPP to be told apart from its branches; an entrepreneur has none. */
export function requireKpp(value: string | undefined, inn: string, param: string): string | undefined {
  const kpp = value?.replace(/\s+/g, '') || undefined;
  if (isPersonInn(inn)) return undefined;
  if (!kpp) throw new InputError(`A company (10-digit INN ${inn}) needs its KPP`, { field: param });
  const problem = checkKpp(kpp);
  if (problem) throw new InputError(problem, { field: param });
  return kpp;
}

export interface UpstreamFile {
  filename: string;
  content: Buffer;
}

/**
 * The file to send, as an upstream step hands it over: `{ filename, contentBase64 }` or
 * `{ filename, url }` (fetched through the flow's HTTP client, so the outbound policy holds).
 */
export async function loadFile(value: unknown, ctx: { http: HttpClient; now(): Date }, param = 'file'): Promise<UpstreamFile> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('The file is an object { filename, contentBase64 } or { filename, url }', { field: param });
  }
  const record = value as Record<string, unknown>;
  const filename = cleanFilename(own(record, 'filename'), `${param}.filename`);
  const base64 = own(record, 'contentBase64');
  const url = own(record, 'url');
  if ((base64 === undefined || base64 === null) === (url === undefined || url === null)) {
    throw new InputError(`File '${filename}' needs exactly one of contentBase64 and url`, { field: param });
  }
  if (base64 !== undefined && base64 !== null) {
    if (typeof base64 !== 'string' || !BASE64.test(base64)) throw new InputError(`contentBase64 of '${filename}' is not base64`, { field: `${param}.contentBase64` });
    // Refused before decoding, so a huge string costs no second copy.
    if (Math.floor((base64.replace(/\s/g, '').length * 3) / 4) > MAX_FILE_BYTES + 2) throw tooBig(filename, param);
    const content = Buffer.from(base64, 'base64');
    if (!content.length) throw new InputError(`File '${filename}' is empty`, { field: `${param}.contentBase64` });
    if (content.length > MAX_FILE_BYTES) throw tooBig(filename, param);
    return { filename, content };
  }
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new InputError(`File URL '${String(url)}' is not an absolute http(s) URL`, { field: `${param}.url` });
  }
  const fetched = await fetchUpstreamFile(ctx.http, url, MAX_FILE_BYTES, ctx.now(), `${param}.url`);
  if (!fetched.content.length) throw new InputError(`The file at ${new URL(url).host} is empty`, { field: `${param}.url` });
  return { filename, content: fetched.content };
}

function tooBig(filename: string, param: string): InputError {
  return new InputError(`File '${filename}' is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, { field: param });
}

function cleanFilename(value: unknown, param: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new InputError('The file needs a filename, e.g. act-1042.pdf', { field: param });
  // Only the last path segment: SBIS shows the name to the counterparty.
  const name = value.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name || name === '.' || name === '..') throw new InputError(`'${value}' is not a file name`, { field: param });
  if (name.length > 200) throw new InputError(`File name is ${name.length} characters long; 200 at most`, { field: param });
  return name;
}
