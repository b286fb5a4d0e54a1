import { describe, expect, it } from 'vitest';
import { parsePayload } from './runPath';

describe('the edited trigger output', () => {
  it('must be a JSON object of bounded size', () => {
    expect(parsePayload('{"dealId": 4711}')).toEqual({ payload: { dealId: 4711 } });
    expect(parsePayload('{"dealId": ')).toEqual({ problem: 'json' });
    expect(parsePayload('[1, 2]')).toEqual({ problem: 'object' });
    expect(parsePayload('null')).toEqual({ problem: 'object' });
    expect(parsePayload(`{"x": "${'a'.repeat(300 * 1024)}"}`)).toEqual({ problem: 'size' });
  });
});
