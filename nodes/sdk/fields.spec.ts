import { z } from 'zod';
import { f } from './fields';

describe('f.number', () => {
  const amount = f.number({ label: 'Amount' });

  it('coerces a number typed as text', () => {
    expect(amount.schema.parse('150')).toBe(150);
    expect(amount.schema.parse(' 12.5 ')).toBe(12.5);
    expect(amount.schema.parse(150)).toBe(150);
  });

  it('accepts the decimal comma typed in the Russian or Spanish interface, but not a thousands separator', () => {
    expect(amount.schema.parse('12,50')).toBe(12.5);
    expect(amount.schema.parse(' -3,5 ')).toBe(-3.5);
    expect(amount.schema.safeParse('1,234,5').success).toBe(false);
    expect(amount.schema.safeParse('12,').success).toBe(false);
  });

  it('rejects the empty string and text that is not a number', () => {
    expect(amount.schema.safeParse('').success).toBe(false);
    expect(amount.schema.safeParse('   ').success).toBe(false);
    expect(amount.schema.safeParse('abc').success).toBe(false);
    expect(amount.schema.safeParse('12abc').success).toBe(false);
    expect(amount.schema.safeParse(null).success).toBe(false);
  });

  it('applies min, max and integer after coercion', () => {
    const qty = f.number({ label: 'Qty', min: 1, max: 10, integer: true });
    expect(qty.schema.parse('3')).toBe(3);
    expect(qty.schema.safeParse('0').success).toBe(false);
    expect(qty.schema.safeParse('11').success).toBe(false);
    expect(qty.schema.safeParse('2.5').success).toBe(false);
  });

  it('fills in its default when the value is absent', () => {
    const timeout = f.number({ label: 'Timeout', default: 30_000 });
    expect(timeout.schema.parse(undefined)).toBe(30_000);
    expect(timeout.defaultValue).toBe(30_000);
  });
});

describe('f.boolean', () => {
  const flag = f.boolean({ label: 'Flag' });

  it('accepts booleans and the strings "true" and "false"', () => {
    expect(flag.schema.parse(true)).toBe(true);
    expect(flag.schema.parse('true')).toBe(true);
    expect(flag.schema.parse('false')).toBe(false);
  });

  it('rejects other text', () => {
    expect(flag.schema.safeParse('yes').success).toBe(false);
    expect(flag.schema.safeParse('').success).toBe(false);
    expect(flag.schema.safeParse(1).success).toBe(false);
  });
});

describe('f.select', () => {
  const unit = f.select({ label: 'Unit', options: ['minutes', { value: 'hours', label: 'Hours' }] });

  it('accepts the listed values and rejects others', () => {
    expect(unit.schema.parse('minutes')).toBe('minutes');
    expect(unit.schema.parse('hours')).toBe('hours');
    expect(unit.schema.safeParse('weeks').success).toBe(false);
    expect(unit.schema.safeParse('Hours').success).toBe(false);
  });

  it('describes its options for the editor, labelling plain strings with themselves', () => {
    expect(unit.ui).toEqual({
      widget: 'select',
      label: 'Unit',
      expressions: true,
      options: [{ value: 'minutes', label: 'minutes' }, { value: 'hours', label: 'Hours' }],
    });
  });
});

describe('f.text', () => {
  it('accepts strings, honours minLength and picks the widget', () => {
    const name = f.text({ label: 'Name', minLength: 2 });
    expect(name.schema.parse('Acme')).toBe('Acme');
    expect(name.schema.safeParse('A').success).toBe(false);
    expect(name.schema.safeParse(5).success).toBe(false);
    expect(name.ui.widget).toBe('text');
    expect(f.text({ label: 'Note', multiline: true }).ui.widget).toBe('textarea');
  });

  it('is optional unless marked required', () => {
    expect(f.text({ label: 'A' }).required).toBe(false);
    expect(f.text({ label: 'A', required: true }).required).toBe(true);
  });

  it('accepts expressions unless told otherwise, and drops unset UI keys', () => {
    expect(f.text({ label: 'A' }).ui).toEqual({ widget: 'text', label: 'A', expressions: true });
    expect(f.text({ label: 'Path', expressions: false }).ui.expressions).toBe(false);
  });
});

describe('fields that never take expressions', () => {
  it('code and connection are literal and need a value', () => {
    const code = f.code({ label: 'Code', expressions: true });
    expect(code.ui.expressions).toBe(false);
    expect(code.schema.safeParse('').success).toBe(false);
    const connection = f.connection({ label: 'Account', connector: 'kommo' });
    expect(connection.ui).toMatchObject({ widget: 'connection', connector: 'kommo', expressions: false });
    expect(connection.schema.safeParse('').success).toBe(false);
  });
});

describe('other builders', () => {
  it('dynamicSelect turns numeric ids into strings and names its options source', () => {
    const status = f.dynamicSelect({ label: 'Status', source: 'kommo.statuses' });
    expect(status.schema.parse(142)).toBe('142');
    expect(status.ui.optionsSource).toBe('kommo.statuses');
  });

  it('date accepts text and turns a Date into an ISO string', () => {
    const due = f.date({ label: 'Due' });
    expect(due.schema.parse('2026-03-02')).toBe('2026-03-02');
    expect(due.schema.parse(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02T00:00:00.000Z');
    expect(due.schema.safeParse('').success).toBe(false);
  });

  it('keyValue accepts an object and rejects a list', () => {
    const headers = f.keyValue({ label: 'Headers' });
    expect(headers.schema.parse({ a: 1 })).toEqual({ a: 1 });
    expect(headers.schema.safeParse(['a']).success).toBe(false);
  });

  it('list validates each item with the item fields, coercing them too', () => {
    const lines = f.list({ label: 'Lines', of: { sku: f.text({ label: 'SKU', required: true }), qty: f.number({ label: 'Qty' }) } });
    expect(lines.schema.parse([{ sku: 'A', qty: '2' }, { sku: 'B' }])).toEqual([{ sku: 'A', qty: 2 }, { sku: 'B' }]);
    expect(lines.schema.safeParse([{ qty: 1 }]).success).toBe(false);
    expect(lines.ui.itemFields).toEqual({
      sku: { widget: 'text', label: 'SKU', expressions: true },
      qty: { widget: 'number', label: 'Qty', expressions: true },
    });
  });

  it('attaches title and x-ui metadata to the schema itself', () => {
    const amount = f.number({ label: 'Amount', description: 'Gross amount' });
    const json = z.toJSONSchema(amount.schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    expect(json).toMatchObject({ type: 'number', title: 'Amount', description: 'Gross amount', 'x-ui': { widget: 'number', label: 'Amount', description: 'Gross amount' } });
  });
});

describe('f.textList', () => {
  const to = f.textList({ label: 'To' });

  it('takes typed text and a list an expression yielded, nothing else', () => {
    expect(to.schema.parse('a@x.com, b@y.com')).toBe('a@x.com, b@y.com');
    expect(to.schema.parse(['a@x.com', 'b@y.com'])).toEqual(['a@x.com', 'b@y.com']);
    expect(to.schema.safeParse(42).success).toBe(false);
    expect(to.schema.safeParse([{ email: 'a@x.com' }]).success).toBe(false);
  });

  it('draws as a text box', () => {
    expect(to.ui).toMatchObject({ widget: 'text', label: 'To', expressions: true });
  });
});
