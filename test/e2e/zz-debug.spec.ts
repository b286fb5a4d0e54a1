import { startTestApp, type TestApp } from '../support/test-app';
describe('debug', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp({ worker: false }); });
  afterAll(() => app.close());
  it('prints', async () => {
    const f = (await app.http().post('/api/flows').send({ name: 'x', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } })).body;
    console.log(JSON.stringify((await app.http().get('/api/flows')).body).slice(0, 600));
    await app.http().post(`/api/flows/${f.id}/run`).send({ payload: {}, draft: true });
    const res = await app.http().get('/api/runs');
    console.log(JSON.stringify(res.body).slice(0, 2000));
  });
});
