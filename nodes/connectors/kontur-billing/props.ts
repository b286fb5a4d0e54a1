import { f, InputError } from '../../sdk';
import { checkInn, checkKpp, isPersonInn } from '../sbis/requisites';
import type { SaleField } from './mapping';

export const konturBillingProps = {
  connection: () => f.connection({ label: 'Kontur.Billing connection', connector: 'kontur-billing', required: true }),
  saleId: () => f.key({ label: 'Potential sale id', required: true, placeholder: '{{ $steps.createSale.sale.id }}', description: 'The portal\'s id of the potential sale' }),
};

/** The potential-sale fields a person fills in, shared by create and update. */
export const saleValueParams = {
  clientName: f.text({ label: 'Client name', description: 'The organisation or entrepreneur, as in its requisites' }),
  clientInn: f.text({ label: 'Client INN', placeholder: '7707083893', description: '10 digits for a company, 12 for an individual entrepreneur' }),
  clientKpp: f.text({ label: 'Client KPP', placeholder: '773601001', description: 'For a company' }),
  contactName: f.text({ label: 'Contact person' }),
  contactPhone: f.text({ label: 'Contact phone', placeholder: '+79123456789' }),
  contactEmail: f.text({ label: 'Contact e-mail', placeholder: 'buh@romashka.ru' }),
  orderType: f.text({ label: 'Order type', description: 'As the portal names it, e.g. new connection or renewal' }),
  product: f.text({ label: 'Product', placeholder: 'Контур.Экстерн' }),
  completionDate: f.text({ label: 'Completion date', placeholder: '2026-03-31', description: 'YYYY-MM-DD or DD.MM.YYYY' }),
  comment: f.text({ label: 'Comment', multiline: true }),
  status: f.text({ label: 'Status', description: 'The portal\'s status of the potential sale; empty: the portal decides' }),
  extraFields: f.keyValue({ label: 'Other portal fields', description: 'Portal fields this node does not know, by the portal\'s own name (a dotted path for nested ones)' }),
};

type SaleValues = Partial<Record<Exclude<SaleField, 'id' | 'createdAt' | 'updatedAt'>, string>>;

const LIMITS: Record<string, number> = { comment: 4000 };
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;
const PHONE = /^\+?[\d\s()-]{5,25}$/;

/**
 * Our values checked and tidied: blank means "not given" (left out, so an update keeps the portal's
 * value); requisites are checked so a typo does not reserve the wrong client in the portal.
 */
export function saleValues(params: Record<string, unknown>): SaleValues {
  const out: SaleValues = {};
  const keys = ['externalId', 'clientName', 'clientInn', 'clientKpp', 'contactName', 'contactPhone', 'contactEmail', 'orderType', 'product', 'completionDate', 'comment', 'status'] as const;
  for (const key of keys) {
    const raw = Object.hasOwn(params, key) ? params[key] : undefined;
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number') throw new InputError(`${key} must be text`, { field: key });
    const value = String(raw).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
    if (!value) continue;
    if (value.length > (LIMITS[key] ?? 500)) throw new InputError(`${key} is longer than ${LIMITS[key] ?? 500} characters`, { field: key });
    if (/[\ud800-\udfff]/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) throw new InputError(`${key} contains a broken character (a lone surrogate)`, { field: key });
    out[key] = value;
  }
  if (out.clientInn) {
    out.clientInn = out.clientInn.replace(/\s+/g, '');
    const problem = checkInn(out.clientInn);
    if (problem) throw new InputError(problem, { field: 'clientInn' });
  }
  if (out.clientKpp) {
    out.clientKpp = out.clientKpp.replace(/\s+/g, '');
    if (out.clientInn && isPersonInn(out.clientInn)) delete out.clientKpp;
    else if (checkKpp(out.clientKpp)) throw new InputError(checkKpp(out.clientKpp)!, { field: 'clientKpp' });
  }
  if (out.contactEmail && !EMAIL.test(out.contactEmail)) throw new InputError(`'${out.contactEmail}' is not an e-mail address`, { field: 'contactEmail' });
  if (out.contactPhone && !PHONE.test(out.contactPhone)) throw new InputError(`'${out.contactPhone}' is not a phone number`, { field: 'contactPhone' });
  if (out.completionDate) out.completionDate = day(out.completionDate);
  return out;
}

/** A calendar day as the portal is assumed to take it (YYYY-MM-DD), never shifted by a time zone. */
function day(value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(value);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  const parts = iso ? { y: iso[1], m: iso[2], d: iso[3] } : ru ? { y: ru[3], m: ru[2], d: ru[1] } : undefined;
  const date = parts ? new Date(Date.UTC(+parts.y, +parts.m - 1, +parts.d)) : undefined;
  if (!parts || !date || date.getUTCDate() !== +parts.d || date.getUTCMonth() !== +parts.m - 1) {
    throw new InputError(`Completion date '${value.slice(0, 40)}' is not a date (YYYY-MM-DD or DD.MM.YYYY)`, { field: 'completionDate' });
  }
  const { y, m, d } = parts;
  return `${y}-${m}-${d}`;
}
