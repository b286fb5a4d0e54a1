import { asRecord, encodeForm, field, isRecord } from './form';

/** Wire payloads Bitrix24 sends *to* us, and list helpers its methods share, for the simulator. */

export interface EventAuth {
  domain: string;
  memberId: string;
  applicationToken: string;
}

/** An outbound webhook delivery, form-encoded the way Bitrix24 posts it. */
export function outboundEventBody(event: string, data: Record<string, unknown>, auth: EventAuth, ts: number): string {
  return encodeForm({
    event,
    event_handler_id: 201,
    data,
    ts,
    auth: {
      domain: auth.domain,
      client_endpoint: `https://${auth.domain}/rest/`,
      server_endpoint: 'https://oauth.bitrix.info/rest/',
      member_id: auth.memberId,
      application_token: auth.applicationToken,
    },
  });
}

/** Equality filters as Bitrix24 list methods take them: `=FIELD`, `FIELD`, or `@FIELD` with a list. */
export function matchesFilter(record: Record<string, unknown>, filter: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'boolean' ? (v ? 'Y' : 'N') : isRecord(v) ? '' : String(v ?? ''));
  return Object.entries(asRecord(filter)).every(([rawKey, wanted]) => {
    const key = rawKey.replace(/^[=@]/, '');
    if (key.startsWith('::')) return true;
    const values = rawKey.startsWith('@') && Array.isArray(wanted) ? wanted : [wanted];
    return values.some((v) => norm(v) === norm(field(record, key)));
  });
}

/** One page of a list method: 50 items from `start`, with `next` while more remain. */
export function pageOf<T>(items: T[], params: Record<string, unknown>): { items: T[]; next?: number; total: number } {
  const start = Math.max(0, Number(field(params, 'start') ?? 0) || 0);
  const page = items.slice(start, start + 50);
  return { items: page, total: items.length, ...(start + 50 < items.length ? { next: start + 50 } : {}) };
}
