import { isBoundedExpression } from './bounded-expression';

describe('isBoundedExpression', () => {
  it.each([
    '$trigger.body.price * 1.2',
    '$trigger.body.price > 50 && $trigger.body.lead.tags.length !== 0 ? "big" : "small"',
    '$steps.invoice?.output?.id ?? "none"',
    '`${$trigger.body.lead.name} — ${$steps.invoice.output.total}`',
    '{ id: $steps.invoice.output.id, n: null, ...$prev, [$trigger.body.key]: 1 }',
    '[1, , $trigger.body.price, ...$trigger.body.lead.tags]',
    'typeof $vars.limit === "number" && !($trigger.body.price in $vars)',
    '$trigger.headers["x-id"] /* the delivery id */',
    '/^INV-\\d+$/',
  ])('lets %s run on the calling thread', (source) => {
    expect(isBoundedExpression(source)).toBe(true);
  });

  it.each([
    ['a call', '$trigger.body.lead.tags.join("-")'],
    ['a callback', '$trigger.body.items.map((item) => item.qty)'],
    ['a constructor', 'new Date($now)'],
    ['a tagged template', 'String.raw`x`'],
    ['a function value', '(function () { return 1 })'],
    ['a method that coercion would call', '({ valueOf() { for (;;) {} } }) + 1'],
    ['a getter', '({ get total() { return 1 } }).total'],
    ['a class', 'class {}'],
    ['an assignment', '$vars.count = 1'],
    ['an update', '$vars.count++'],
    ['delete', 'delete $vars.count'],
    ['eval', 'eval'],
    ['arguments', 'arguments[0]'],
    ['import()', 'import("fs")'],
    ['statements that close the wrapper', '1) ; for (;;) {} ; (2'],
    ['statements', 'const p = 1; p * 2'],
    ['a syntax error', '1 +'],
    ['an HTML-like comment', '1 <!-- 2'],
    ['nesting deeper than anyone maps by hand', `${'['.repeat(100)}1${']'.repeat(100)}`],
  ])('sends %s to isolated-vm\'s thread', (_, source) => {
    expect(isBoundedExpression(source)).toBe(false);
  });
});
