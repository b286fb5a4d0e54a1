import { FakeClock } from '../../server/src/engine/clock';
import { UsersService } from '../../server/src/modules/users/users.service';
import { AuthService } from '../../server/src/modules/auth/auth.service';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; output: Record<string, unknown> | null };
type Run = { id: string; status: string; steps: Step[] };
const last = (run: Run, id: string) => run.steps.filter((s) => s.nodeId === id).at(-1);
const DAY = 86_400_000;

describe('people in the loop: forms and approvals', () => {
  const clock = new FakeClock('2031-04-07T08:00:00Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ clock, config: { publicUrl: 'https://flowbridge.example' } });
  });
  afterAll(async () => {
    await app.close();
  });

  const publish = (name: string, graph: object) => publishFlow(app, name, graph);

  const run = (id: string) => app.http().get(`/api/runs/${id}`).then((r) => r.body as Run);
  const waitingAt = (runId: string, nodeId: string) => eventually(() => run(runId), (r) => r.status === 'waiting' && last(r, nodeId)?.status === 'waiting');
  /** The path and query of a signed link, to call this test server with. */
  const local = (url: string) => url.replace('https://flowbridge.example', '');

  it('reminds after 3 working days, then a submission through the signed link resumes the run at the second wait', async () => {
    const fields = [
      { name: 'method', label: 'Exchange method', type: 'select', options: 'EDO, Paper', required: true },
      { name: 'copies', label: 'Copies', type: 'number' },
    ];
    const flowId = await publish('Counterparty chooses', {
      nodes: [
        { id: 'start', type: 'core.manual', params: { businessKey: '{{ $trigger.act }}' } },
        { id: 'send', type: 'core.map', params: { fields: { link: '{{ $links.ask }}' } } },
        { id: 'ask', type: 'core.waitForForm', params: { title: 'How shall we exchange acts?', formKey: '{{ $trigger.act }}', fields, timeoutAmount: 3, timeoutUnit: 'workdays' } },
        { id: 'remind', type: 'core.map', params: { fields: { reminder: '{{ $steps.ask.url }}' } } },
        { id: 'askAgain', type: 'core.waitForForm', params: { title: 'Reminder: how shall we exchange acts?', formKey: '{{ $trigger.act }}', fields, timeoutAmount: 10, timeoutUnit: 'days' } },
        { id: 'chosen', type: 'core.map', params: { fields: { method: '{{ $steps.askAgain.answers.method }}', copies: '{{ $steps.askAgain.answers.copies }}' } } },
      ],
      edges: [
        { from: 'start', to: 'send' }, { from: 'send', to: 'ask' },
        { from: 'ask', port: 'timeout', to: 'remind' }, { from: 'remind', to: 'askAgain' },
        { from: 'askAgain', port: 'form', to: 'chosen' },
      ],
    });
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { act: 'ACT-77' } }).expect(202)).body;
    const first = await waitingAt(runId, 'ask');
    const link = last(first, 'send')!.output!.link as string;
    expect(link).toBe(last(first, 'ask')!.output!.url);
    expect(link).toMatch(/^https:\/\/flowbridge\.example\/forms\/[0-9a-f-]{36}\/ask\?sig=/);

    const page = await app.as('anonymous').get(local(link)).set('accept-language', 'ru-RU').expect(200);
    expect(page.text).toContain('How shall we exchange acts?');
    expect(page.text).toContain('Отправить');
    await app.as('anonymous').get(local(link).replace(/sig=[^&]+/, 'sig=forged')).expect(404);

    clock.advance(3 * DAY + 60_000);
    await app.wakeDue();
    const reminded = await waitingAt(runId, 'askAgain');
    expect(last(reminded, 'remind')!.output).toEqual({ reminder: link });

    // The counterparty uses the first link; the answer belongs to the form key, so the second wait gets it.
    const missing = await app.as('anonymous').post(local(link)).send({ answers: { copies: '2' } }).expect(400);
    expect(missing.body.field).toBe('answers.method');
    await app.as('anonymous').post(local(link)).send({ answers: { method: 'Fax' } }).expect(400);
    await app.as('anonymous').post(local(link)).send({ answers: { method: 'EDO', copies: '2,5' } }).expect(200);
    const done = await waitForRun(app, runId);
    expect(done.status).toBe('succeeded');
    expect(last(done, 'chosen')!.output).toEqual({ method: 'EDO', copies: 2.5 });
    await app.as('anonymous').post(local(link)).send({ answers: { method: 'Paper' } }).expect(410);
  });

  describe('a 2-of-3 approval with a veto', () => {
    const approvers = ['head@test.local', 'cfo@test.local', 'ceo@test.local'];
    const tokens: Record<string, string> = {};
    let flowId: string;

    beforeAll(async () => {
      for (const email of approvers) {
        const user = await app.app.get(UsersService).create({ email, password: 'approver-password-1', roles: ['manager'] });
        tokens[email] = (await app.app.get(AuthService).createToken(user.id, 'tests')).token;
      }
      flowId = await publish('Commission approval', {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'approve', type: 'core.approval', params: { title: 'Commission {{ $trigger.amount }}', approvers: approvers.join(', '), quorum: 2, veto: true, timeoutAmount: 5, timeoutUnit: 'days' } },
          { id: 'pay', type: 'core.map', params: { fields: { who: '{{ $steps.approve.answers }}' } } },
          { id: 'stop', type: 'core.map', params: { fields: { rejectedBy: '{{ $steps.approve.answers }}' } } },
        ],
        edges: [{ from: 'start', to: 'approve' }, { from: 'approve', port: 'approved', to: 'pay' }, { from: 'approve', port: 'rejected', to: 'stop' }],
      });
    });

    const as = (email: string) => ({
      get: (url: string) => app.as('anonymous').get(url).set('authorization', `Bearer ${tokens[email]}`),
      post: (url: string) => app.as('anonymous').post(url).set('authorization', `Bearer ${tokens[email]}`),
    });
    const start = async (amount: number) => {
      const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { amount } }).expect(202)).body;
      return waitingAt(runId, 'approve');
    };

    it('goes on when two approve, from the Approvals page and from a signed link, and keeps who answered and when', async () => {
      const waiting = await start(1500);
      const pending = (await as('head@test.local').get('/api/approvals').expect(200)).body;
      expect(pending).toEqual([expect.objectContaining({ runId: waiting.id, nodeId: 'approve', title: 'Commission 1500', quorum: 2, veto: true })]);
      await as('head@test.local').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'approve', comment: 'ok' }).expect(200);
      await as('head@test.local').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'approve' }).expect(409);
      expect((await as('head@test.local').get('/api/approvals').expect(200)).body).toEqual([]);
      await app.as('manager').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'approve' }).expect(403);

      const links = last(waiting, 'approve')!.output!.links as { approver: string; url: string }[];
      const cfo = links.find((l) => l.approver === 'cfo@test.local')!.url;
      expect((await app.as('anonymous').get(local(cfo)).expect(200)).text).toContain('Commission 1500');
      await app.as('anonymous').post(local(cfo).replace('cfo%40test.local', 'ceo%40test.local')).send({ decision: 'approve' }).expect(404);
      await app.as('anonymous').post(local(cfo)).type('form').send({ decision: 'approve', comment: 'fine' }).expect(200);

      const done = await waitForRun(app, waiting.id);
      expect(done.status).toBe('succeeded');
      expect(last(done, 'pay')!.output).toEqual({ who: [
        { approver: 'head@test.local', decision: 'approve', comment: 'ok', answeredAt: clock.now().toISOString() },
        { approver: 'cfo@test.local', decision: 'approve', comment: 'fine', answeredAt: clock.now().toISOString() },
      ] });
      expect(last(done, 'stop')!.status).toBe('skipped');
    });

    it('rejects at once when one approver vetoes, whatever the others said', async () => {
      const waiting = await start(99_000);
      await as('head@test.local').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'approve' }).expect(200);
      const vetoed = await as('ceo@test.local').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'reject', comment: 'too much' }).expect(200);
      expect(vetoed.body.decision).toBe('rejected');
      const done = await waitForRun(app, waiting.id);
      expect(last(done, 'stop')!.output).toEqual({ rejectedBy: [
        expect.objectContaining({ approver: 'head@test.local', decision: 'approve' }),
        expect.objectContaining({ approver: 'ceo@test.local', decision: 'reject', comment: 'too much' }),
      ] });
      expect(last(done, 'pay')!.status).toBe('skipped');
      await as('cfo@test.local').post(`/api/approvals/${waiting.id}/approve`).send({ decision: 'approve' }).expect(410);
    });
  });
});
