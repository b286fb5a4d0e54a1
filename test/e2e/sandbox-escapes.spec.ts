import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** User code reaches the engine through flows; every escape must fail inside the sandbox. */
describe('expressions and code cannot escape the sandbox', () => {
  let app: TestApp;
  let flowSeq = 0;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function runCode(node: { type: 'core.code'; params: { code: string } } | { type: 'core.map'; params: { fields: Record<string, string> } }) {
    const flow = await app.http().post('/api/flows').send({
      name: `escape ${++flowSeq}`,
      graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'user', ...node }], edges: [{ from: 'start', to: 'user' }] },
    }).expect(201);
    const { body } = await app.http().post(`/api/flows/${flow.body.id}/run`).send({ payload: { secret: 'host-data' }, draft: true }).expect(202);
    const run = await waitForRun(app, body.runId);
    // Whatever happened, the server still answers.
    await app.http().get('/api/health').expect(200);
    return { run, step: run.steps.find((s: { nodeId: string }) => s.nodeId === 'user') };
  }

  const escapes: [string, string][] = [
    ['constructor chain to process', `return { v: typeof this.constructor.constructor('return process')() };`],
    ['Function returning the global', `const g = Function('return this')(); return { v: typeof g.process, r: typeof g.require };`],
  ];

  it.each(escapes)('%s sees no host process', async (_name, code) => {
    const { run, step } = await runCode({ type: 'core.code', params: { code } });
    if (run.status === 'succeeded') {
      expect(JSON.stringify(step.output)).not.toMatch(/object|function/);
    } else {
      expect(run.error.message).toMatch(/Code in 'user.code' failed/);
    }
  });

  it('refuses require and import()', async () => {
    const required = await runCode({ type: 'core.code', params: { code: `return { fs: require('fs').readFileSync('/etc/passwd', 'utf8') };` } });
    expect(required.run).toMatchObject({ status: 'failed', error: { kind: 'expression', nodeId: 'user' } });
    expect(required.run.error.message).toMatch(/require is not defined/);
    const imported = await runCode({ type: 'core.code', params: { code: `return import('fs').then((m) => ({ m: Object.keys(m) }));` } });
    expect(imported.run.status).toBe('failed');
  });

  it('stops an endless loop at the time limit and names node, param and expression', async () => {
    const started = Date.now();
    const { run } = await runCode({ type: 'core.map', params: { fields: { total: '{{ (() => { while (true) {} })() }}' } } });
    expect(run.status).toBe('failed');
    expect(run.error.message).toMatch(/Expression in 'user\.fields\.total' timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const code = await runCode({ type: 'core.code', params: { code: 'while (true) {}' } });
    expect(code.run.error.message).toMatch(/timed out/);
  });

  it('stops a 1 GB string at the memory limit without hurting the server', async () => {
    const { run } = await runCode({ type: 'core.code', params: { code: `let s = 'x'; while (true) s += s; return { n: s.length };` } });
    expect(run.status).toBe('failed');
    expect(run.error.message).toMatch(/memory|Invalid string length|timed out/i);
    const repeat = await runCode({ type: 'core.map', params: { fields: { s: `{{ 'x'.repeat(2 ** 30).length }}` } } });
    expect(repeat.run.status).toBe('failed');
    // The pool recovered: a normal expression works right after.
    const fine = await runCode({ type: 'core.map', params: { fields: { s: `{{ $trigger.secret.toUpperCase() }}` } } });
    expect(fine.step.output).toEqual({ s: 'HOST-DATA' });
  });

  it('carries no state from one run to the next', async () => {
    const leak = await runCode({ type: 'core.code', params: { code: `globalThis.leaked = 42; Object.prototype.polluted = 1; return { ok: true };` } });
    expect(leak.run.status).toBe('failed');
    const probe = await runCode({ type: 'core.code', params: { code: `return { leaked: typeof leaked, polluted: typeof ({}).polluted };` } });
    expect(probe.step.output).toEqual({ leaked: 'undefined', polluted: 'undefined' });
  });
});
