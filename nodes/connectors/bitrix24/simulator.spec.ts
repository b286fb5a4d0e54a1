import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '../../sdk';
import type { Bitrix24Simulator } from './simulator';
import { startBitrix24 } from './spec-support';

describe('Bitrix24Simulator', () => {
  let sim: Bitrix24Simulator;
  const call = async (method: string, body?: unknown, base = () => sim.webhookUrl) => {
    const response = await createHttpClient().request<any>({ method: 'POST', url: `${base()}${method}.json`, body: body ?? {} });
    return { status: response.status, body: response.body };
  };

  beforeAll(async () => (sim = await startBitrix24({ now: () => new Date('2026-03-02T09:00:00Z') })));
  afterAll(() => sim.stop());
  beforeEach(() => sim.deals.clear());

  it('answers a deal in the result envelope, every value a string, with timing', async () => {
    sim.addDeal({ ID: '410' });
    const { status, body } = await call('crm.deal.get', { id: 410 });

    expect(status).toBe(200);
    expect(body.result).toMatchObject({ ID: '410', OPPORTUNITY: '1000000.00', STAGE_ID: 'PREPARATION', CLOSED: 'N' });
    expect(body.time).toMatchObject({ start: expect.any(Number), finish: expect.any(Number), duration: expect.any(Number), date_start: '2026-03-02T09:00:00.000Z' });
  });

  it('answers a missing deal the way Bitrix24 does: 400 with an empty code', async () => {
    expect(await call('crm.deal.get', { id: 1 })).toEqual({ status: 400, body: { error: '', error_description: 'Not found' } });
  });

  it('drops deal fields it does not know without a word', async () => {
    sim.addDeal({ ID: '410' });
    await call('crm.deal.update', { id: 410, fields: { NO_SUCH_FIELD: 'x', TITLE: 'Renamed' } });

    expect(sim.deals.get(410)).toMatchObject({ TITLE: 'Renamed' });
    expect(sim.deals.get(410)).not.toHaveProperty('NO_SUCH_FIELD');
  });

  it('accepts form-encoded calls, as the PHP SDKs send them', async () => {
    sim.addDeal({ ID: '410' });
    const response = await createHttpClient().request<any>({ method: 'POST', url: `${sim.webhookUrl}crm.deal.get.json`, body: new URLSearchParams({ id: '410' }) });

    expect(response.body.result).toMatchObject({ ID: '410' });
  });

  it('answers an empty batch map as [] like PHP', async () => {
    const { body } = await call('batch', { halt: 0, cmd: { me: 'profile' } });

    expect(body.result).toEqual({ result: { me: expect.objectContaining({ ID: '1' }) }, result_error: [], result_total: [], result_next: [], result_time: [] });
  });

  it('posts outbound events form-encoded to a handler, with the application token', async () => {
    const received: { type: string; body: string }[] = [];
    const handler = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ type: req.headers['content-type'] ?? '', body });
      res.end('ok');
    });
    await new Promise<void>((resolve) => handler.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await sim.sendEvent(`http://127.0.0.1:${(handler.address() as AddressInfo).port}/hooks/b24`, sim.dealEvent('ONCRMDEALUPDATE', 7));
      const form = new URLSearchParams(received[0].body);

      expect(answer.status).toBe(200);
      expect(received[0].type).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(form)).toEqual({
        event: 'ONCRMDEALUPDATE', event_handler_id: '201', 'data[FIELDS][ID]': '7', ts: '1772442000',
        'auth[domain]': 'example.bitrix24.ru', 'auth[client_endpoint]': 'https://example.bitrix24.ru/rest/', 'auth[server_endpoint]': 'https://oauth.bitrix.info/rest/',
        'auth[member_id]': 'a223c6b3710f85df22e9377d6c4f7553', 'auth[application_token]': sim.applicationToken,
      });
    } finally {
      await new Promise((resolve) => handler.close(resolve));
    }
  });

  it('records every call, batch sub-calls included', async () => {
    sim.calls.length = 0;
    await call('batch', { cmd: { a: 'profile', b: 'user.get?ID=5' } });

    expect(sim.calls.map((c) => [c.method, c.inBatch])).toEqual([['batch', false], ['profile', true], ['user.get', true]]);
    expect(sim.calls[2].params).toEqual({ ID: '5' });
  });
});
