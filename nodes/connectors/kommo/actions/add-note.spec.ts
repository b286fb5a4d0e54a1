import { RemoteError, runNode } from '../../../sdk';
import type { KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import { kommoAddNote } from './add-note';

describe('kommo.addNote', () => {
  let sim: KommoSimulator;
  const addNote = (params: Record<string, unknown>, attempt = 1) =>
    runNode(kommoAddNote, { connection: 'kommo-main', leadId: 4711, ...params }, nodeContext(sim, { attempt, idempotencyKey: 'run-7:note:0' }));

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.notes.length = 0;
    sim.leads.clear();
    sim.addLead({ id: 4711 });
  });

  it('posts a common note carrying the idempotency key as request_id', async () => {
    const { output } = await addNote({ text: 'Invoice INV-1001 sent: https://pay.example.com/inv/1001' });

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/leads/notes']);
    expect(sim.requests[0].body).toEqual([
      { entity_id: 4711, note_type: 'common', params: { text: 'Invoice INV-1001 sent: https://pay.example.com/inv/1001' }, request_id: 'run-7:note:0' },
    ]);
    expect(sim.notes).toHaveLength(1);
    expect(output).toEqual({ noteId: sim.notes[0].id, leadId: 4711 });
  });

  it('on a retry finds the note an earlier attempt created instead of adding it twice', async () => {
    const first = await addNote({ text: 'Invoice sent' });
    const retry = await addNote({ text: 'Invoice sent' }, 2);

    expect(sim.notes).toHaveLength(1);
    expect(retry.output).toEqual(first.output);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/leads/notes', 'GET /api/v4/leads/4711/notes']);
  });

  it('on a retry with no earlier note creates it', async () => {
    await addNote({ text: 'Invoice sent' }, 2);

    expect(sim.notes).toHaveLength(1);
  });

  it('reports a note on a missing lead as a non-retryable error', async () => {
    const error = await addNote({ leadId: 99, text: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 400, retryable: false });
  });
});
