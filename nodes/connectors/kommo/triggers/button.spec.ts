import { AuthError, ConfigError, InputError } from '../../../sdk';
import salesbotFixture from '../fixtures/salesbot-request.json';
import type { KommoSimulator } from '../simulator';
import { hookRequest, receive, startKommo, triggerContext } from '../spec-support';
import { kommoButton } from './button';

const params = { connection: 'kommo-main', path: 'kommo/btn-8d1f0c2e77' };

describe('kommo.button', () => {
  let sim: KommoSimulator;
  const press = (request: ReturnType<typeof hookRequest>, overrides: Record<string, unknown> = {}, ctx = triggerContext(sim)) =>
    receive(kommoButton, request, { ...params, ...overrides }, ctx);
  const widgetPress = (token: string, body: unknown = { lead_id: '4711' }) =>
    press(hookRequest({ headers: { 'x-auth-token': token }, body }));

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.leads.clear();
    sim.addLead({ id: 4711, name: 'Tel Aviv city break, 2 adults', price: 22500 });
  });

  it('accepts a widget button press with an HS256 X-Auth-Token and re-reads the lead', async () => {
    const token = sim.signButtonToken({ jti: 'tok-1', user_id: 2079718, is_admin: true });
    const result = await widgetPress(token);

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads/4711']);
    expect(result).toEqual({
      output: {
        leadId: 4711,
        lead: expect.objectContaining({ id: 4711, name: 'Tel Aviv city break, 2 adults', price: 22500 }),
        source: 'widget',
        data: { lead_id: '4711' },
        returnUrl: null,
        user: { id: 2079718, isAdmin: true },
        account: { id: 30000001, subdomain: 'example' },
      },
      dedupeKey: 'kommo:button:tok-1',
      businessKey: '4711',
    });
  });

  it('reads the lead id of a form-encoded widget request', async () => {
    const result = await press(hookRequest({ headers: { 'x-auth-token': sim.signButtonToken() }, rawBody: 'lead_id=4711&action=invoice' }));

    expect(result?.output).toMatchObject({ leadId: 4711, data: { lead_id: '4711', action: 'invoice' } });
  });

  it('accepts a Salesbot widget_request (HS512), taking the lead from the signed claims', async () => {
    const body = { ...sim.salesbotRequest(4711, { action: 'create_invoice' }), data: { ...salesbotFixture.data, lead_id: '1' } };
    const result = await press(hookRequest({ body }));

    expect(result?.output).toMatchObject({ leadId: 4711, source: 'salesbot', returnUrl: body.return_url, data: { action: 'create_invoice' } });
    expect(result?.dedupeKey).toBe(`kommo:salesbot:${body.return_url}`);
    expect(result?.businessKey).toBe('4711');
  });

  it.each([
    ['a missing token', () => hookRequest({ body: { lead_id: '4711' } })],
    ['a token signed with another secret', () => hookRequest({ headers: { 'x-auth-token': sim.signButtonToken({}, { secret: 'not-ours' }) }, body: { lead_id: '4711' } })],
    ['an expired token', () => hookRequest({ headers: { 'x-auth-token': sim.signButtonToken({ exp: Math.floor(Date.now() / 1000) - 3600 }) }, body: { lead_id: '4711' } })],
    ['a token of another account', () => hookRequest({ headers: { 'x-auth-token': sim.signButtonToken({ account_id: 31234567 }) }, body: { lead_id: '4711' } })],
    ['an unsigned token', () => hookRequest({ headers: { 'x-auth-token': unsigned(sim.signButtonToken()) }, body: { lead_id: '4711' } })],
    ['a token that is not a JWT', () => hookRequest({ body: { token: 'hello', lead_id: '4711' } })],
  ])('refuses %s as an auth error (answered 401)', async (_case, request) => {
    await expect(press(request())).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a token addressed to another receiver when an audience is set', async () => {
    const token = sim.signButtonToken({ aud: 'https://other.example.com' });

    await expect(press(hookRequest({ headers: { 'x-auth-token': token }, body: { lead_id: '4711' } }), { audience: 'https://flows.example.com' }))
      .rejects.toBeInstanceOf(AuthError);
    await expect(press(hookRequest({ headers: { 'x-auth-token': sim.signButtonToken({ aud: 'https://flows.example.com' }) }, body: { lead_id: '4711' } }), { audience: 'https://flows.example.com/' }))
      .resolves.toMatchObject({ businessKey: '4711' });
  });

  it('needs the integration secret on the connection', async () => {
    const ctx = triggerContext(sim, { connection: { integrationSecret: undefined } });

    await expect(press(hookRequest({ headers: { 'x-auth-token': sim.signButtonToken() }, body: { lead_id: '4711' } }), {}, ctx)).rejects.toBeInstanceOf(ConfigError);
  });

  it.each([
    ['names no lead', { action: 'invoice' }],
    ['names a lead that does not exist', { lead_id: '99' }],
  ])('answers a request that %s as bad input', async (_case, body) => {
    await expect(widgetPress(sim.signButtonToken(), body)).rejects.toBeInstanceOf(InputError);
  });
});

function unsigned(token: string): string {
  const [, claims] = token.split('.');
  return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${claims}.`;
}
