import { describe, expect, it } from 'vitest';
import { hasUnclosedExpression, missingPaths } from './expression';

describe('checks as an expression is typed', () => {
  it('finds a {{ that nothing closes, wherever it is', () => {
    expect(hasUnclosedExpression('Deal {{ $trigger.lead.id')).toBe(true);
    expect(hasUnclosedExpression('{{ a }} and {{ b')).toBe(true);
    expect(hasUnclosedExpression('{{ a }} and {{ b }}')).toBe(false);
    expect(hasUnclosedExpression('no expression at all')).toBe(false);
  });

  const scope = {
    $trigger: { lead: { id: 7, name: 'Dana', tags: ['vip'], customFields: { '900001': 'x' } } },
    $steps: { invoice: { docNumber: 'INV-1' }, empty: {} },
    $prev: {},
  };

  it('flags a path the sample does not have, such as a typo in a field name', () => {
    expect(missingPaths('Hello {{ $trigger.lead.nmae }}', scope)).toEqual(['$trigger.lead.nmae']);
    expect(missingPaths('{{ $steps.invoce.docNumber }}', scope)).toEqual(['$steps.invoce.docNumber']);
    expect(missingPaths('{{ $trigger.lead.customFields["900002"] }}', scope)).toEqual(['$trigger.lead.customFields["900002"]']);
  });

  it('leaves alone paths it can read, data it has no sample of, and what is not a plain read', () => {
    expect(missingPaths('{{ $trigger.lead.name }} {{ $trigger.lead.tags[0] }} {{ $trigger.lead.customFields["900001"] }}', scope)).toEqual([]);
    expect(missingPaths('{{ $steps.empty.anything.deep }} {{ $prev.whatever }}', scope)).toEqual([]);
    expect(missingPaths('{{ $trigger.lead.tags.length }} {{ $trigger.lead.name.toUpperCase() }}', scope)).toEqual([]);
  });
});
