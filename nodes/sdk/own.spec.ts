import { dictionary, own, ownText } from './own';

describe('own-property lookups', () => {
  it('answers only what was put there, never what the prototype has', () => {
    const credentials: Record<string, unknown> = { apiKey: 'k-1', port: 25 };
    expect(own(credentials, 'apiKey')).toBe('k-1');
    expect(own(credentials, 'constructor')).toBeUndefined();
    expect(own(credentials, '__proto__')).toBeUndefined();
    expect(dictionary([['toString', 1]]).toString).toBe(1);
  });

  it('reads text values only, so a number or object under a credential name is no credential', () => {
    const raw: Record<string, unknown> = { webhookUrl: 'https://portal/rest/1/x/', port: 25, nested: { a: 1 } };
    expect(ownText(raw, 'webhookUrl')).toBe('https://portal/rest/1/x/');
    expect(ownText(raw, 'port')).toBeUndefined();
    expect(ownText(raw, 'nested')).toBeUndefined();
    expect(ownText(raw, 'toString')).toBeUndefined();
    expect(ownText(undefined, 'webhookUrl')).toBeUndefined();
  });
});
