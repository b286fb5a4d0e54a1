import { collectExpressions, hasExpression, parseTemplate, singleExpression } from './template';

describe('parseTemplate', () => {
  it('reads 100,000 unclosed openers as text, in one pass', () => {
    const value = '{{'.repeat(100_000);
    expect(parseTemplate(value)).toEqual([{ text: value }]);
    expect(singleExpression(value)).toBeUndefined();
    expect(parseTemplate(`${'{{'.repeat(50_000)} a }}`)).toEqual([{ expression: `${'{{'.repeat(49_999)} a`.trim() }]);
  });

  it('splits text and expressions in order, trimming the expressions', () => {
    expect(parseTemplate('Invoice {{ $trigger.body.id }} for {{$trigger.body.name}}!')).toEqual([
      { text: 'Invoice ' },
      { expression: '$trigger.body.id' },
      { text: ' for ' },
      { expression: '$trigger.body.name' },
      { text: '!' },
    ]);
  });

  it('returns plain text as one text part and the empty string as no parts', () => {
    expect(parseTemplate('no templates here')).toEqual([{ text: 'no templates here' }]);
    expect(parseTemplate('')).toEqual([]);
  });

  it('handles adjacent expressions without empty text between them', () => {
    expect(parseTemplate('{{ a }}{{ b }}')).toEqual([{ expression: 'a' }, { expression: 'b' }]);
  });

  it('keeps expressions that span several lines', () => {
    expect(parseTemplate('{{\n  $trigger.body.items\n    .length\n}}')).toEqual([{ expression: '$trigger.body.items\n    .length' }]);
  });

  it('leaves an unclosed {{ as text', () => {
    expect(parseTemplate('Hello {{ name')).toEqual([{ text: 'Hello {{ name' }]);
  });
});

describe('singleExpression', () => {
  it('returns the expression of a value that is exactly one {{ }}', () => {
    expect(singleExpression('{{ $trigger.body.price }}')).toBe('$trigger.body.price');
    expect(singleExpression('{{$trigger.body.price * 1.2}}')).toBe('$trigger.body.price * 1.2');
  });

  it('ignores whitespace around the single expression', () => {
    expect(singleExpression('  {{ $trigger.body.price }}\n')).toBe('$trigger.body.price');
  });

  it('accepts an object literal written with spaces inside', () => {
    expect(singleExpression('{{ { id: $trigger.body.id } }}')).toBe('{ id: $trigger.body.id }');
  });

  it('returns undefined for mixed text, so the result becomes a string', () => {
    expect(singleExpression('Total: {{ $trigger.body.price }}')).toBeUndefined();
    expect(singleExpression('{{ $trigger.body.price }} EUR')).toBeUndefined();
  });

  it('returns undefined for two expressions', () => {
    expect(singleExpression('{{ a }}{{ b }}')).toBeUndefined();
    expect(singleExpression('{{ a }} {{ b }}')).toBeUndefined();
  });

  it('returns undefined for text without an expression', () => {
    expect(singleExpression('150')).toBeUndefined();
    expect(singleExpression('{{ unclosed')).toBeUndefined();
  });
});

describe('hasExpression', () => {
  it('finds {{ in strings, arrays and nested objects', () => {
    expect(hasExpression('a {{ b }}')).toBe(true);
    expect(hasExpression(['x', ['{{ y }}']])).toBe(true);
    expect(hasExpression({ a: { b: '{{ c }}' } })).toBe(true);
  });

  it('is false for literals', () => {
    expect(hasExpression('plain')).toBe(false);
    expect(hasExpression(150)).toBe(false);
    expect(hasExpression(null)).toBe(false);
    expect(hasExpression({ a: [1, 'b', { c: true }] })).toBe(false);
  });
});

describe('collectExpressions', () => {
  it('gives the dotted path of expressions inside objects', () => {
    expect(collectExpressions({ total: '{{ $trigger.body.total }}', note: 'static' }, 'fields')).toEqual([
      { path: 'fields.total', expression: '$trigger.body.total' },
    ]);
  });

  it('gives indexed paths inside arrays', () => {
    const items = [{ price: '{{ $trigger.body.price }}', sku: 'A' }, { price: 10, sku: '{{ $vars.sku }}' }];
    expect(collectExpressions(items, 'items')).toEqual([
      { path: 'items[0].price', expression: '$trigger.body.price' },
      { path: 'items[1].sku', expression: '$vars.sku' },
    ]);
  });

  it('lists every expression of a mixed string under the same path', () => {
    expect(collectExpressions('{{ a }} and {{ b }}', 'subject')).toEqual([
      { path: 'subject', expression: 'a' },
      { path: 'subject', expression: 'b' },
    ]);
  });

  it('returns nothing for literals', () => {
    expect(collectExpressions({ a: 1, b: [true, null, 'x'] }, 'p')).toEqual([]);
    expect(collectExpressions(42, 'p')).toEqual([]);
  });
});
