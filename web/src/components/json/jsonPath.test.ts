import { describe, expect, it } from 'vitest';
import { childPath, copyText, isTruncated, searchJson } from './jsonPath';

describe('JSON paths', () => {
  it('names children the way expressions read them', () => {
    expect(childPath('$steps.invoice', 'docNumber', false)).toBe('$steps.invoice.docNumber');
    expect(childPath('', 'items', false)).toBe('.items');
    expect(childPath('.items', '0', true)).toBe('.items[0]');
    expect(childPath('.body', 'deal id', false)).toBe('.body["deal id"]');
    expect(childPath('.body', '1st', false)).toBe('.body["1st"]');
  });

  it('copies strings bare and everything else as JSON', () => {
    expect(copyText('INV-7')).toBe('INV-7');
    expect(copyText(42)).toBe('42');
    expect(copyText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('recognises the run read\'s preview of a large value', () => {
    expect(isTruncated({ $truncated: true, size: 900000, preview: '{"a"' })).toBe(true);
    expect(isTruncated({ truncated: true })).toBe(false);
    expect(isTruncated(JSON.parse('{"__proto__": {"$truncated": true}}'))).toBe(false);
  });
});

describe('searching a JSON value', () => {
  const value = { deal: { id: 4711, title: 'Boiler service' }, lines: [{ sku: 'B-1', name: 'Boiler' }, { sku: 'X-2', name: 'Pipe' }] };

  it('finds keys and values and opens their parents', () => {
    const found = searchJson(value, 'boiler', '$');
    expect([...found.hits].sort()).toEqual(['$.deal.title', '$.lines[0].name']);
    expect([...found.open].sort()).toEqual(['$', '$.deal', '$.lines', '$.lines[0]']);
    expect([...searchJson(value, 'SKU', '$').hits]).toEqual(['$.lines[0].sku', '$.lines[1].sku']);
    expect([...searchJson(value, '4711', '$').hits]).toEqual(['$.deal.id']);
  });

  it('finds nothing for blank text and stops early in a huge value', () => {
    expect(searchJson(value, '  ').hits.size).toBe(0);
    const huge = Array.from({ length: 50_000 }, (_, i) => ({ n: i }));
    const found = searchJson(huge, '49999', '', 1000);
    expect(found.capped).toBe(true);
    expect(found.hits.size).toBe(0);
  });
});
