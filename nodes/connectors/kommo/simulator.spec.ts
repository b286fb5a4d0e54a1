import { createHttpClient } from '../../sdk';
import type { KommoSimulator } from './simulator';
import { startKommo } from './spec-support';

describe('KommoSimulator', () => {
  let sim: KommoSimulator;
  const call = async (method: string, path: string, body?: unknown, token = 'good') => {
    const response = await createHttpClient().request<any>({ method, url: `${sim.url}${path}`, headers: { authorization: `Bearer ${token}` }, body });
    return { status: response.status, type: response.headers['content-type'] ?? null, body: response.body === '' ? null : response.body };
  };

  beforeAll(async () => (sim = await startKommo({ now: () => new Date('2026-03-02T09:00:00Z') })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.leads.clear();
    sim.addLead({ id: 4711 });
  });

  it('answers a lead as hal+json with Unix seconds and null custom fields', async () => {
    const { status, type, body } = await call('GET', '/api/v4/leads/4711?with=contacts');

    expect(status).toBe(200);
    expect(type).toBe('application/hal+json');
    expect(body).toMatchObject({ id: 4711, created_at: 1772442000, custom_fields_values: null, _embedded: { contacts: [] } });
    expect(body._links.self.href).toBe(`${sim.url}/api/v4/leads/4711?with=contacts`);
  });

  it('answers 204 with no body for a lead that does not exist', async () => {
    expect(await call('GET', '/api/v4/leads/1')).toEqual({ status: 204, type: null, body: null });
  });

  it('refuses a wrong token with a problem+json 401', async () => {
    expect(await call('GET', '/api/v4/account', undefined, 'stale')).toEqual({
      status: 401,
      type: 'application/problem+json',
      body: { title: 'Unauthorized', type: 'https://httpstatus.es/401', status: 401, detail: 'Unauthorized' },
    });
  });

  it('requires a pipeline with Closed – won', async () => {
    const { status, body } = await call('PATCH', '/api/v4/leads/4711', { status_id: 142 });

    expect(status).toBe(400);
    expect(body['validation-errors'][0].errors[0]).toMatchObject({ path: 'pipeline_id' });
  });

  it('updates leads in a batch', async () => {
    sim.addLead({ id: 4712 });
    const { status, body } = await call('PATCH', '/api/v4/leads', [{ id: 4711, price: 10 }, { id: 4712, price: 20 }]);

    expect(status).toBe(200);
    expect(body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([4711, 4712]);
    expect([sim.leads.get(4711)!.price, sim.leads.get(4712)!.price]).toEqual([10, 20]);
  });

  it('builds a status webhook with the v2 names Kommo uses', () => {
    const form = new URLSearchParams(sim.moveLead(4711, 70010001));

    expect(form.get('leads[status][0][id]')).toBe('4711');
    expect(form.get('leads[status][0][status_id]')).toBe('70010001');
    expect(form.get('leads[status][0][old_status_id]')).toBe('70010000');
    expect(form.get('leads[status][0][last_modified]')).toBe('1772442000');
    expect(form.get('account[id]')).toBe('30000001');
  });
});
