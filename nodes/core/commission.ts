import Decimal from 'decimal.js';
import { defineNode, f, InputError } from '../sdk';

/** Money is never a float here: 40 significant digits, and rounding only where the node says. */
const Money = Decimal.clone({ precision: 40 });
type Money = InstanceType<typeof Money>;

const ROUNDING = {
  halfUp: Money.ROUND_HALF_UP,
  halfEven: Money.ROUND_HALF_EVEN,
  down: Money.ROUND_DOWN,
  up: Money.ROUND_UP,
} as const;
type RoundingMode = keyof typeof ROUNDING;

export const commissionNode = defineNode({
  type: 'core.commission',
  kind: 'expression',
  title: 'Commission',
  category: 'Data',
  description:
    'Computes a commission from a rules table: a percentage by amount tiers, per product or per manager, fixed bonuses and caps. '
    + '"First matching rule" takes one rule per amount; "Cumulative tiers" applies each tier’s percentage to the part of the amount inside it. '
    + 'Money is exact (decimals, never floats); each part is rounded to the currency’s minor unit, and the breakdown explains the result.',
  params: {
    amount: f.decimal({ label: 'Amount', description: 'The base, e.g. {{ $steps.invoice.opportunity }}; a decimal comma is fine. Leave empty when product rows are given' }),
    currency: f.select({ label: 'Currency', options: ['RUB', 'ILS', 'USD', 'EUR'], default: 'RUB' }),
    manager: f.key({ label: 'Manager', description: 'Matches rules written for one manager, e.g. {{ $steps.deal.ASSIGNED_BY_ID }}' }),
    lines: f.json({ label: 'Product rows', description: 'Optional list of { product, amount }: rules for a product then apply to its rows, e.g. {{ $steps.rows.result }}' }),
    mode: f.select({
      label: 'How rules combine',
      options: [{ value: 'first', label: 'First matching rule' }, { value: 'tiers', label: 'Cumulative tiers' }],
      default: 'first',
    }),
    rules: f.list({
      label: 'Rules',
      required: true,
      of: {
        label: f.text({ label: 'Name' }),
        manager: f.text({ label: 'Only for manager' }),
        product: f.text({ label: 'Only for product' }),
        from: f.decimal({ label: 'From amount (inclusive)' }),
        to: f.decimal({ label: 'Below amount (exclusive)' }),
        percent: f.decimal({ label: 'Percent' }),
        fixed: f.decimal({ label: 'Fixed bonus' }),
        cap: f.decimal({ label: 'At most' }),
      },
    }),
    cap: f.decimal({ label: 'Total at most', description: 'A ceiling for the whole commission' }),
    rounding: f.select({
      label: 'Rounding',
      options: [{ value: 'halfUp', label: 'Half up (0.005 → 0.01)' }, { value: 'halfEven', label: 'Half to even (banker’s)' }, { value: 'down', label: 'Down' }, { value: 'up', label: 'Up' }],
      default: 'halfUp',
    }),
  },
  sampleOutput: { amount: '1250.00', amountMinor: 125000, currency: 'RUB', base: '25000.00', breakdown: [{ rule: 1, label: 'Up to 100 000', base: '25000', percent: '5', fixed: '0', part: '1250.00', capped: false }], capped: false },
  run(_ctx, params) {
    const rounding = ROUNDING[(params.rounding ?? 'halfUp') as RoundingMode];
    const round = (value: Money) => value.toDecimalPlaces(2, rounding);
    const rules = params.rules.map((rule, i) => parseRule(rule, i));
    const manager = params.manager ?? '';
    const bases = parseBases(params.amount, params.lines);
    const breakdown: BreakdownLine[] = [];
    for (const base of bases) {
      const matching = rules.filter((r) => (!r.manager || r.manager === manager) && (!r.product || r.product === base.product));
      if (params.mode === 'tiers') {
        for (const rule of matching) {
          if (base.amount.lessThan(rule.from)) continue;
          const inside = Money.max(0, Money.min(base.amount, rule.to ?? base.amount).minus(rule.from));
          breakdown.push(line(rule, base, inside, round));
        }
      } else {
        const rule = matching.find((r) => base.amount.greaterThanOrEqualTo(r.from) && (!r.to || base.amount.lessThan(r.to)));
        if (rule) breakdown.push(line(rule, base, base.amount, round));
      }
    }
    let total = breakdown.reduce((sum, l) => sum.plus(l.part), new Money(0));
    const cap = params.cap ? money(params.cap, 'cap') : undefined;
    const capped = cap !== undefined && total.greaterThan(cap);
    if (capped) total = cap;
    total = round(total);
    const baseTotal = bases.reduce((sum, b) => sum.plus(b.amount), new Money(0));
    return {
      amount: total.toFixed(2),
      amountMinor: total.times(100).toNumber(),
      currency: params.currency ?? 'RUB',
      base: baseTotal.toFixed(2),
      breakdown: breakdown.map((l) => ({ ...l, part: l.part.toFixed(2) })),
      capped,
      rounding: params.rounding ?? 'halfUp',
    };
  },
});

interface Rule {
  index: number;
  label: string;
  manager: string;
  product: string;
  from: Money;
  to?: Money;
  percent: Money;
  fixed: Money;
  cap?: Money;
}

interface Base {
  product: string;
  amount: Money;
}

interface BreakdownLine {
  rule: number;
  label: string;
  product?: string;
  base: string;
  percent: string;
  fixed: string;
  part: Money;
  capped: boolean;
}

function line(rule: Rule, base: Base, portion: Money, round: (value: Money) => Money): BreakdownLine {
  let part = round(portion.times(rule.percent).dividedBy(100).plus(rule.fixed));
  const capped = rule.cap !== undefined && part.greaterThan(rule.cap);
  if (capped) part = round(rule.cap!);
  return {
    rule: rule.index + 1,
    label: rule.label || `Rule ${rule.index + 1}`,
    ...(base.product ? { product: base.product } : {}),
    base: portion.toString(),
    percent: rule.percent.toString(),
    fixed: rule.fixed.toString(),
    part,
    capped,
  };
}

/** "12 500,50", "12500.5", 12500.5: the way amounts arrive from people and CRMs. */
export function money(value: unknown, field: string): Money {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace(/[\s\u00a0]/g, '').replace(',', '.') : '';
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new InputError(`'${field}' must be an amount like 12500.50, not ${JSON.stringify(value)}`, { field });
  return new Money(text);
}

function parseRule(rule: Record<string, unknown>, i: number): Rule {
  const optional = (name: string) => {
    const value = Object.hasOwn(rule, name) ? rule[name] : undefined;
    return value === undefined || value === null || value === '' ? undefined : money(value, `rules.${i}.${name}`);
  };
  const text = (name: string) => (Object.hasOwn(rule, name) && rule[name] !== undefined && rule[name] !== null ? String(rule[name]).trim() : '');
  const from = optional('from') ?? new Money(0);
  const to = optional('to');
  if (to && !to.greaterThan(from)) throw new InputError(`'rules.${i}.to' must be above 'from' (${from.toString()})`, { field: `rules.${i}.to` });
  return { index: i, label: text('label'), manager: text('manager'), product: text('product'), from, to, percent: optional('percent') ?? new Money(0), fixed: optional('fixed') ?? new Money(0), cap: optional('cap') };
}

function parseBases(amount: string | undefined, lines: unknown): Base[] {
  if (lines === undefined || lines === null || lines === '') {
    if (amount === undefined || amount === '') throw new InputError(`Give an 'amount', or product rows in 'lines'`, { field: 'amount' });
    return [{ product: '', amount: money(amount, 'amount') }];
  }
  if (!Array.isArray(lines)) throw new InputError(`'lines' must be a list of { product, amount }`, { field: 'lines' });
  return lines.map((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    return {
      product: Object.hasOwn(r, 'product') && r.product !== null && r.product !== undefined ? String(r.product) : '',
      amount: money(Object.hasOwn(r, 'amount') ? r.amount : undefined, `lines.${i}.amount`),
    };
  });
}
