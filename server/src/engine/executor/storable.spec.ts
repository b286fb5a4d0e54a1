import { storable } from './storable';

describe('storable', () => {
  it('keeps a clean payload as it is', () => {
    const value = { a: 1, text: 'emoji 😀 stays' };
    expect(storable(value, 1024)).toEqual({ json: JSON.stringify(value), value });
  });

  it('replaces NUL and lone surrogates in strings and keys with U+FFFD', () => {
    const { value, json } = storable({ ['k\u0000']: ['a\u0000b', 'x\udc00'], nested: { ['\ud800']: 1 } }, 1024);
    expect(value).toEqual({ ['k\uFFFD']: ['a\uFFFDb', 'x\uFFFD'], nested: { ['\uFFFD']: 1 } });
    expect(json).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });

  it('keeps a "__proto__" key as plain data while cleaning', () => {
    const { value } = storable(JSON.parse('{"__proto__": {"polluted": "\\u0000"}}'), 1024);
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a payload over the limit into a marker with its full size in bytes and a preview', () => {
    const { value } = storable({ text: 'é'.repeat(3000) }, 1000);
    expect(value).toEqual({ $truncated: true, size: 6000 + '{"text":""}'.length, preview: expect.stringMatching(/^\{"text":"é+$/) });
    expect((value as { preview: string }).preview).toHaveLength(1000);
  });
});
