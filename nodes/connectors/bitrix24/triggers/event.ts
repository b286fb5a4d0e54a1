import { randomUUID } from 'node:crypto';
import { AuthError, ConfigError, InputError, type IncomingRequest, type TriggerContext } from '../../../sdk';
import { tokensMatch } from '../auth';
import { asPositiveInt, asRecord, asText, decodeForm, field, isRecord } from '../form';
import type { Bitrix24Connection } from '../types';

/** What intake keeps of an outbound event: Bitrix24 sends only the entity's id. */
export interface ReceivedEvent {
  name: string;
  id: number;
  entityTypeId: number | null;
  ts: string | null;
  domain: string | null;
}

export interface Received {
  event: ReceivedEvent;
  /** Tells this delivery's load apart from every other's, retries of itself included (see `claimChange`). */
  delivery: string;
}

export interface EventFilter {
  events: readonly string[];
  /** Dynamic items: only this CRM type (31 = smart invoices). */
  entityTypeId?: number;
  /** Task events name the task in FIELDS_AFTER, CRM events in FIELDS. */
  idIn?: 'FIELDS' | 'FIELDS_AFTER';
}

/**
 * Checks an outbound event's application token against the connection's (the only proof of origin
 * Bitrix24 offers) before anything else, then keeps its name and id. Null: not an event this trigger wants.
 */
export async function receiveEvent(request: IncomingRequest, connectionId: string, ctx: TriggerContext, filter: EventFilter): Promise<Received | null> {
  const payload = eventPayload(request);
  const connection = await ctx.credentials<Bitrix24Connection>(connectionId);
  if (!connection.applicationToken) {
    throw new ConfigError('The Bitrix24 connection has no application token, so its events cannot be checked: copy it from the outbound webhook', { field: 'applicationToken' });
  }
  const token = asText(field(field(payload, 'auth'), 'application_token'));
  if (!token || !tokensMatch(token, connection.applicationToken)) throw new AuthError('Bitrix24 event carries a wrong or no application token');

  const name = (asText(field(payload, 'event')) ?? '').toUpperCase();
  if (!filter.events.includes(name)) return null;
  const data = field(payload, 'data');
  const fields = field(data, filter.idIn ?? 'FIELDS');
  const entityTypeId = asPositiveInt(field(fields, 'ENTITY_TYPE_ID')) ?? null;
  if (filter.entityTypeId !== undefined && entityTypeId !== filter.entityTypeId) return null;
  const id = asPositiveInt(field(fields, 'ID'));
  if (!id) throw new InputError(`Bitrix24 event ${name} names no ${filter.idIn ?? 'FIELDS'}[ID]`);
  const seconds = asPositiveInt(field(payload, 'ts'));
  return {
    event: {
      name,
      id,
      entityTypeId,
      ts: seconds ? new Date(seconds * 1000).toISOString() : null,
      domain: asText(field(field(payload, 'auth'), 'domain')) ?? null,
    },
    delivery: randomUUID(),
  };
}

/** Our server nests form bodies already; other callers hand over flat bracket keys or only the raw bytes. */
export function eventPayload(request: Pick<IncomingRequest, 'body' | 'rawBody'>): Record<string, unknown> {
  const body = request.body;
  if (isRecord(body) && Object.keys(body).length) {
    return Object.keys(body).some((k) => k.includes('[')) ? decodeForm(Object.entries(body)) : body;
  }
  const text = typeof body === 'string' && body.trim() ? body : request.rawBody?.toString('utf8') ?? '';
  return text.trim() ? decodeForm(new URLSearchParams(text.trim())) : asRecord(undefined);
}
