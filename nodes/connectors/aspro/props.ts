import Decimal from 'decimal.js';
import { f, InputError } from '../../sdk';

export const asproProps = {
  connection: () => f.connection({ label: 'Aspro.Cloud connection', connector: 'aspro', required: true }),
  invoiceId: () => f.key({ label: 'Invoice id', required: true, placeholder: '{{ $trigger.invoice.id }}' }),
  customerId: (required: boolean) => f.key({ label: 'Customer id', required, placeholder: '{{ $steps.invoice.customerId }}', description: 'The Aspro.Cloud CRM account (company or contact) billed' }),
  subscriptionEndField: () => f.text({
    label: 'Subscription end field',
    placeholder: 'cf_12',
    description: 'Custom field that holds the date the subscription ends; output as subscriptionEndsAt',
  }),
};

export function parseId(value: string | undefined, param: string): number {
  const id = Number(value?.trim());
  if (!value?.trim() || !Number.isSafeInteger(id) || id <= 0) throw new InputError(`'${value ?? ''}' is not an Aspro.Cloud id (a positive whole number)`, { field: param });
  return id;
}

export function optionalId(value: string | number | undefined, param: string): number | undefined {
  if (value === undefined || String(value).trim() === '') return undefined;
  return parseId(String(value), param);
}

export function fieldName(value: string | undefined, param: string): string | undefined {
  const name = value?.trim();
  if (!name) return undefined;
  if (!/^[a-z][a-z0-9_]{0,63}$/i.test(name)) throw new InputError(`'${value}' is not an Aspro.Cloud field name such as cf_12`, { field: param });
  return name;
}

/** A calendar day as typed (YYYY-MM-DD, DD.MM.YYYY) or an instant, as Aspro's YYYY-MM-DD. */
export function parseDay(value: string, param: string): string {
  const raw = value.trim();
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw);
  const day = ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  if (day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) return day;
  const instant = new Date(raw);
  if (!day && !Number.isNaN(instant.getTime())) return instant.toISOString().slice(0, 10);
  throw new InputError(`'${value}' is not a date`, { field: param });
}

/** Money as a person types it ("12 500,50") or a CRM sends it (12500.5), exactly. */
export function parseMoney(value: string, param: string): string {
  const raw = value.replace(/[\s\u00a0]/g, '').replace(/,(\d+)$/, '.$1');
  if (!/^\d+(\.\d{1,2})?$/.test(raw)) throw new InputError(`'${value}' is not an amount such as 12500.50`, { field: param });
  const amount = new Decimal(raw);
  if (amount.lte(0)) throw new InputError('The amount must be above zero', { field: param });
  return amount.toFixed(2);
}
