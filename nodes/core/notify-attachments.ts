import { InputError, own, parseRetryAfter, RateLimitError, RemoteError, type NodeContext } from '../sdk';

/** What an upstream step hands over: bytes as base64, or a URL to fetch them from. */
export interface AttachmentFile {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export const MAX_ATTACHMENTS = 10;
/** In all, decoded: most mail servers refuse messages above 10–25 MB, and base64 adds a third. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

/**
 * Reads `attachments`: one `{ filename, contentBase64 | url, contentType? }` or a list of them
 * (null or an empty list: none). URLs are fetched through `ctx.http`, so the outbound policy holds.
 */
export async function loadAttachments(value: unknown, ctx: Pick<NodeContext, 'http' | 'now'>): Promise<AttachmentFile[]> {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  if (items.length > MAX_ATTACHMENTS) throw new InputError(`At most ${MAX_ATTACHMENTS} attachments, got ${items.length}`, { field: 'attachments' });
  const files: AttachmentFile[] = [];
  let total = 0;
  for (const [index, item] of items.entries()) {
    const field = Array.isArray(value) ? `attachments.${index}` : 'attachments';
    const file = await loadOne(item, field, ctx, MAX_ATTACHMENT_BYTES - total);
    total += file.content.length;
    files.push(file);
  }
  return files;
}

async function loadOne(item: unknown, field: string, ctx: Pick<NodeContext, 'http' | 'now'>, budget: number): Promise<AttachmentFile> {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    throw new InputError(`An attachment is an object { filename, contentBase64 or url, contentType }, got ${Array.isArray(item) ? 'a list' : typeof item}`, { field });
  }
  const record = item as Record<string, unknown>;
  const filename = cleanFilename(own(record, 'filename'), `${field}.filename`);
  const base64 = own(record, 'contentBase64');
  const url = own(record, 'url');
  const declaredType = own(record, 'contentType');
  if (declaredType !== undefined && (typeof declaredType !== 'string' || !CONTENT_TYPE.test(declaredType))) {
    throw new InputError(`'${String(declaredType)}' is not a content type like application/pdf`, { field: `${field}.contentType` });
  }
  if ((base64 === undefined) === (url === undefined)) {
    throw new InputError(`Attachment '${filename}' needs exactly one of contentBase64 and url`, { field });
  }
  const tooBig = () => new InputError(`Attachments may hold ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB in all; '${filename}' goes past that`, { field });
  if (base64 !== undefined) {
    if (typeof base64 !== 'string' || !BASE64.test(base64)) throw new InputError(`contentBase64 of '${filename}' is not base64`, { field: `${field}.contentBase64` });
    // Refused before decoding, so a huge string costs no second copy.
    if (Math.floor((base64.replace(/\s/g, '').length * 3) / 4) > budget + 2) throw tooBig();
    const content = Buffer.from(base64, 'base64');
    if (content.length > budget) throw tooBig();
    return { filename, content, contentType: declaredType as string | undefined };
  }
  const fetched = await fetchAttachment(url, `${field}.url`, ctx);
  if (fetched.content.length > budget) throw tooBig();
  return { filename, content: fetched.content, contentType: (declaredType as string | undefined) ?? fetched.contentType };
}

async function fetchAttachment(url: unknown, field: string, ctx: Pick<NodeContext, 'http' | 'now'>): Promise<{ content: Buffer; contentType?: string }> {
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new InputError(`Attachment URL '${String(url)}' is not an absolute http(s) URL`, { field });
  }
  const response = await ctx.http.request<Buffer>({ method: 'GET', url, responseType: 'bytes', timeoutMs: 60_000 });
  const where = `Attachment ${new URL(url).host} answered ${response.status}`;
  if (response.status === 429) throw new RateLimitError(where, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.now()) });
  if (response.status >= 500 || response.status === 408) throw new RemoteError(where, { status: response.status });
  if (response.status >= 400) throw new InputError(`${where}: the file is not there (or not for us)`, { field });
  if (response.status >= 300) throw new RemoteError(`${where}: a redirect that was not followed`, { status: response.status, retryable: false });
  const type = response.headers['content-type']?.split(';')[0].trim();
  return { content: Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? '')), contentType: type || undefined };
}

function cleanFilename(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new InputError('An attachment needs a filename, e.g. invoice-1042.pdf', { field });
  // Only the last path segment: a name is shown to the receiver, never a path on anyone's disk.
  const name = value.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name || name === '.' || name === '..') throw new InputError(`'${value}' is not a file name`, { field });
  if (name.length > 200) throw new InputError(`File name is ${name.length} characters long; 200 at most`, { field });
  return name;
}
