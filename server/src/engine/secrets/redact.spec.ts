import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('cuts secrets out of nested strings, keys untouched', () => {
    const out = redactSecrets({ headers: { authorization: 'Bearer tok-abcdef' }, list: ['x tok-abcdef y'], n: 5 }, new Set(['tok-abcdef']));
    expect(out).toEqual({ headers: { authorization: 'Bearer [redacted]' }, list: ['x [redacted] y'], n: 5 });
  });

  it('ignores values too short to be secrets', () => {
    expect(redactSecrets({ a: 'abc' }, new Set(['a']))).toEqual({ a: 'abc' });
  });
});
