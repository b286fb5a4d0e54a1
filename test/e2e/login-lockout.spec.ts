import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app';

const login = (app: TestApp, password: string, forwardedFor?: string) => {
  const req = app.as('anonymous').post('/api/auth/login');
  if (forwardedFor) req.set('x-forwarded-for', forwardedFor);
  return req.send({ email: 'analyst@test.local', password });
};

describe('sign-in lockout and forwarded addresses', () => {
  describe('behind a trusted proxy', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ worker: false, config: { trustProxy: 'loopback' } });
    });
    afterAll(async () => {
      await app.close();
    });

    it('counts 50 parallel guesses from 50 addresses: five are checked, the rest are refused, and the account locks', async () => {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(app, `wrong-${i}`, `203.0.113.${i + 1}`)));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(45);
      const [row] = await app.app.get(DataSource).query(`select failed_logins, locked_until from users where email = 'analyst@test.local'`);
      expect(row.failed_logins).toBe(5);
      expect(row.locked_until).not.toBeNull();
      const right = await login(app, app.users.analyst.password, '203.0.113.200');
      expect(right.status).toBe(429);
      expect(right.body.error).toBe('account_locked');
    });
  });

  describe('with no trusted proxy (the default)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ worker: false });
    });
    afterAll(async () => {
      await app.close();
    });

    it('ignores X-Forwarded-For: a new address in the header does not reset the per-address throttle', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await app.as('anonymous').post('/api/auth/login').set('x-forwarded-for', `198.51.100.${i + 1}`).send({ email: `nobody${i}@test.local`, password: 'x' })).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
    });

    it("does not let a spoofed X-Forwarded-For pass YooKassa's sender allow-list", async () => {
      await app.http().post('/api/connectors/yookassa/enable').expect(200);
      const conn = await app.http().post('/api/connections').send({ connector: 'yookassa', name: 'Shop', credentials: { shopId: '1001', secretKey: 'test_secret_key_0001', baseUrl: 'http://127.0.0.1:9' } }).expect(201);
      const graph = { nodes: [{ id: 'paid', type: 'yookassa.paymentSucceeded', params: { connection: conn.body.id, path: 'yookassa-spoof' } }], edges: [] };
      const flow = await app.http().post('/api/flows').send({ name: 'Paid', graph }).expect(201);
      await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
      const res = await app.as('anonymous').post('/hooks/yookassa-spoof').set('x-forwarded-for', '185.71.76.1')
        .send({ type: 'notification', event: 'payment.succeeded', object: { id: '2f6a0b6e-000f-5000-9000-1c0d7e5a9b31', status: 'succeeded' } });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/is not a YooKassa notification sender/);
    });
  });

  it('refuses to start with a trusted-proxy list it cannot read', async () => {
    await expect(startTestApp({ worker: false, config: { trustProxy: 'not-an-address' } })).rejects.toThrow(/FLOWBRIDGE_TRUST_PROXY/);
  });
});
