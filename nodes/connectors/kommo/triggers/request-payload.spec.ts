import { asList, requestPayload } from './request-payload';

const raw = (text: string) => ({ body: {}, rawBody: Buffer.from(text) });

describe('requestPayload', () => {
  it('nests PHP bracket keys from raw form bytes', () => {
    expect(requestPayload(raw('leads[status][0][id]=1&leads[status][0][custom_fields][0][values][0][value]=x&account[id]=7'))).toEqual({
      leads: { status: { '0': { id: '1', custom_fields: { '0': { values: { '0': { value: 'x' } } } } } } },
      account: { id: '7' },
    });
  });

  it('keeps an already nested body as it is', () => {
    const body = { leads: { status: [{ id: '1' }] } };

    expect(requestPayload({ body, rawBody: Buffer.from('ignored') })).toBe(body);
  });

  it('reads a JSON raw body', () => {
    expect(requestPayload(raw('{"token":"t","data":{"lead_id":"5"}}'))).toEqual({ token: 't', data: { lead_id: '5' } });
  });

  it('drops keys that would reach Object.prototype', () => {
    const payload = requestPayload(raw('__proto__[polluted]=1&a[constructor][prototype][x]=1&ok=1'));

    expect(payload).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('asList', () => {
  it('orders numeric keys numerically and ignores the rest', () => {
    expect(asList({ '10': 'c', '2': 'b', '0': 'a', x: 'no' })).toEqual(['a', 'b', 'c']);
    expect(asList(['a'])).toEqual(['a']);
    expect(asList('a')).toEqual([]);
  });
});
