import { DataSource } from 'typeorm';
import { RecordingServer } from '../support/recording-server';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Deal = { id: string; title: string; amount: number; inn: string; changedAt: string; saleId?: string };
type Sale = { id: string; externalId: string; title: string; amount: string; inn: string; changedAt: string };

/**
 * Two-way sync through the real engine: a CRM and a partner portal (one stateful fake on loopback)
 * each tell a flow when a record changes; each flow re-reads the record, checks it against the sync
 * state and writes the other side. Writes are counted: the sync's own write coming back starts no
 * write in the opposite direction, and a change on both sides is resolved by the declared rule.
 */
describe('two-way sync (CRM deal ↔ partner-portal sale)', () => {
  const remote = new RecordingServer();
  const crm = new Map<string, Deal>();
  const portal = new Map<string, Sale>();
  const writes: string[] = [];
  let app: TestApp;
  let db: DataSource;

  const json = (body: string) => (body ? JSON.parse(body) : {});
  const fields = '{ title: $steps.read.body.title, amount: $steps.read.body.amount, inn: $steps.read.body.inn }';
  const twinFields = '($steps.twin.body.found ? { title: $steps.twin.body.record.title, amount: $steps.twin.body.record.amount, inn: $steps.twin.body.record.inn } : null)';

  /** One direction: read this side's record, find its twin, check, and write the other side (or this one, when the other wins). */
  function direction(side: 'left' | 'right', base: string) {
    const [here, there] = side === 'left' ? ['crm/deals', 'portal/sales'] : ['portal/sales', 'crm/deals'];
    const otherSide = side === 'left' ? 'right' : 'left';
    const ids = (mine: string, theirs: string) => (side === 'left' ? { leftId: mine, rightId: theirs } : { leftId: theirs, rightId: mine });
    const records = (mine: string, theirs: string) => (side === 'left' ? { leftRecord: mine, rightRecord: theirs } : { leftRecord: theirs, rightRecord: mine });
    return {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: `${side}-changed` } },
        { id: 'read', type: 'core.http', params: { url: `${base}/${here}/{{ $trigger.body.id }}` } },
        { id: 'twin', type: 'core.http', params: { url: `${base}/${there}/twin/{{ $trigger.body.id }}` } },
        {
          id: 'check', type: 'core.syncCheck',
          params: {
            sync: 'deals', side, id: '{{ $trigger.body.id }}', record: `{{ ${fields} }}`, otherRecord: `{{ ${twinFields} }}`, conflictRule: 'newest',
            changedAt: '{{ $steps.read.body.changedAt }}', otherChangedAt: '{{ $steps.twin.body.found ? $steps.twin.body.record.changedAt : "" }}',
          },
        },
        { id: 'create', type: 'core.http', params: { method: 'POST', url: `${base}/${there}`, body: `{{ ({ ...${fields}, from: $trigger.body.id }) }}` } },
        { id: 'linkNew', type: 'core.syncLink', params: { sync: 'deals', ...ids('{{ $trigger.body.id }}', '{{ $steps.create.body.id }}'), ...records(`{{ ${fields} }}`, `{{ ${fields} }}`) } },
        { id: 'update', type: 'core.http', params: { method: 'PUT', url: `${base}/${there}/{{ $steps.check.twinId }}`, body: `{{ ${fields} }}` } },
        { id: 'linkUpdated', type: 'core.syncLink', params: { sync: 'deals', ...ids('{{ $trigger.body.id }}', '{{ $steps.check.twinId }}'), ...records(`{{ ${fields} }}`, `{{ ${fields} }}`) } },
        { id: 'takeTheirs', type: 'core.http', params: { method: 'PUT', url: `${base}/${here}/{{ $trigger.body.id }}`, body: `{{ ${twinFields} }}` } },
        { id: 'linkTheirs', type: 'core.syncLink', params: { sync: 'deals', ...ids('{{ $trigger.body.id }}', '{{ $steps.check.twinId }}'), ...records(`{{ ${twinFields} }}`, `{{ ${twinFields} }}`) } },
      ],
      edges: [
        { from: 'hook', to: 'read' }, { from: 'read', to: 'twin' }, { from: 'twin', to: 'check' },
        { from: 'check', port: 'create', to: 'create' }, { from: 'create', to: 'linkNew' },
        { from: 'check', port: 'update', to: 'update' }, { from: 'update', to: 'linkUpdated' },
        { from: 'check', port: 'overwritten', to: 'takeTheirs' }, { from: 'takeTheirs', to: 'linkTheirs' },
      ],
      otherSide,
    };
  }

  const changed = async (side: 'left' | 'right', id: string) => {
    const { runId } = (await app.as('anonymous').post(`/hooks/${side}-changed`).send({ id }).expect(202)).body;
    const run = await waitForRun(app, runId);
    expect(run.status).toBe('succeeded');
    return run as { steps: { nodeId: string; status: string; port: string | null; output: { conflict?: unknown; twinId?: string } }[] };
  };
  const portOf = (run: Awaited<ReturnType<typeof changed>>) => run.steps.find((s) => s.nodeId === 'check')!.port;

  beforeAll(async () => {
    remote.setReply((req) => {
      const url = new URL(req.path, 'http://x');
      const [, system, kind, a, b] = url.pathname.split('/');
      const now = new Date().toISOString();
      if (system === 'crm' && kind === 'deals') {
        if (req.method === 'GET' && a === 'twin') {
          const deal = [...crm.values()].find((d) => d.saleId === b);
          return { status: 200, body: deal ? { found: true, record: deal } : { found: false } };
        }
        if (req.method === 'GET') return crm.has(a) ? { status: 200, body: crm.get(a) } : { status: 404, body: {} };
        const body = json(req.body);
        writes.push(`crm ${req.method} ${a ?? ''}`.trim());
        const id = a ?? String(5000 + crm.size);
        crm.set(id, { ...crm.get(id), ...body, id, saleId: crm.get(id)?.saleId ?? body.from, amount: Number(body.amount), changedAt: now });
        return { status: 200, body: crm.get(id) };
      }
      if (system === 'portal' && kind === 'sales') {
        if (req.method === 'GET' && a === 'twin') {
          const sale = [...portal.values()].find((s) => s.externalId === b);
          return { status: 200, body: sale ? { found: true, record: sale } : { found: false } };
        }
        if (req.method === 'GET') return portal.has(a) ? { status: 200, body: portal.get(a) } : { status: 404, body: {} };
        const body = json(req.body);
        writes.push(`portal ${req.method} ${a ?? ''}`.trim());
        const id = a ?? `PS-${portal.size + 1}`;
        // The portal keeps money as text with kopecks, the CRM as a number: the sync must see them as the same.
        portal.set(id, { ...portal.get(id), ...body, id, externalId: portal.get(id)?.externalId ?? body.from, amount: Number(body.amount).toFixed(2), changedAt: now });
        return { status: 200, body: portal.get(id) };
      }
      return { status: 404, body: {} };
    });
    const base = await remote.start();
    app = await startTestApp();
    db = app.app.get(DataSource);
    const crmSide = direction('left', base);
    const portalSide = direction('right', base);
    await publishFlow(app, 'Deal → potential sale', { nodes: crmSide.nodes, edges: crmSide.edges });
    await publishFlow(app, 'Potential sale → deal', { nodes: portalSide.nodes, edges: portalSide.edges });
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });

  it('creates the sale once for a converted deal, and the portal\'s echo of it writes nothing back', async () => {
    crm.set('4711', { id: '4711', title: 'Контур.Экстерн для ООО «Вектор»', amount: 12000, inn: '7707083893', changedAt: '2026-03-02T09:00:00.000Z' });
    const run = await changed('left', '4711');
    expect(portOf(run)).toBe('create');
    expect(writes).toEqual(['portal POST']);
    const [sale] = [...portal.values()];
    expect(sale).toMatchObject({ externalId: '4711', title: 'Контур.Экстерн для ООО «Вектор»', amount: '12000.00', inn: '7707083893' });
    crm.get('4711')!.saleId = sale.id;

    // The portal announces the sale it was just sent.
    expect(portOf(await changed('right', sale.id))).toBe('unchanged');
    // The CRM announces its deal again (an unrelated field changed).
    expect(portOf(await changed('left', '4711'))).toBe('unchanged');
    expect(writes).toEqual(['portal POST']);
    expect(await db.query(`select sync, left_id, right_id from sync_links`)).toEqual([{ sync: 'deals', left_id: '4711', right_id: sale.id }]);
  });

  it('carries an edit in the portal to the deal, and the deal\'s echo of it goes no further', async () => {
    const [sale] = [...portal.values()];
    portal.set(sale.id, { ...sale, amount: '15000.00', changedAt: '2026-03-02T10:00:00.000Z' });
    const run = await changed('right', sale.id);
    expect(portOf(run)).toBe('update');
    expect(writes).toEqual(['portal POST', 'crm PUT 4711']);
    expect(crm.get('4711')).toMatchObject({ amount: 15000 });

    expect(portOf(await changed('left', '4711'))).toBe('unchanged');
    expect(writes).toEqual(['portal POST', 'crm PUT 4711']);
  });

  it('resolves a change on both sides by "the newest wins", visible in the run, and settles without a loop', async () => {
    const [sale] = [...portal.values()];
    // The portal's edit at 11:00 has not been announced yet when the CRM's edit of 12:00 is.
    portal.set(sale.id, { ...sale, title: 'Вектор: Экстерн на 2 года', changedAt: '2026-03-02T11:00:00.000Z' });
    crm.set('4711', { ...crm.get('4711')!, inn: '7707083894', changedAt: '2026-03-02T12:00:00.000Z' });
    const run = await changed('left', '4711');
    expect(portOf(run)).toBe('update');
    expect(run.steps.find((s) => s.nodeId === 'check')!.output.conflict).toEqual({
      rule: 'newest', winner: 'this', thisChangedAt: '2026-03-02T12:00:00.000Z', otherChangedAt: '2026-03-02T11:00:00.000Z',
      why: 'Both sides changed since the last sync; the newest change wins: this change was kept',
    });
    expect(writes).toEqual(['portal POST', 'crm PUT 4711', `portal PUT ${sale.id}`]);
    expect(portal.get(sale.id)).toMatchObject({ inn: '7707083894', title: crm.get('4711')!.title });

    // The portal's late announcement re-reads the sale, which now holds what the sync wrote: nothing to do.
    expect(portOf(await changed('right', sale.id))).toBe('unchanged');
    expect(writes).toHaveLength(3);
  });
});
