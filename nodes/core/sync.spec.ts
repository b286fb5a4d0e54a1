import { memorySyncStore, recordHash, runNode } from '../sdk';
import { syncCheckNode } from './sync-check';
import { syncLinkNode } from './sync-link';

describe('two-way sync nodes', () => {
  const deal = { title: 'Выставка в Дубае', amount: 120000, inn: '7707083893' };
  const sale = { title: 'Выставка в Дубае', amount: '120000.00', inn: ' 7707083893 ' };

  it('sends a record with no twin to "create", then takes the sync\'s own write coming back as unchanged', async () => {
    const sync = memorySyncStore();
    const first = await runNode(syncCheckNode, { sync: 'deals', side: 'left', id: '4711', record: deal }, { sync });
    expect(first).toMatchObject({ port: 'create', output: { twinId: null, conflict: null } });

    await runNode(syncLinkNode, { sync: 'deals', leftId: '4711', rightId: 'PS-1', leftRecord: deal, rightRecord: sale }, { sync });
    // The portal echoes the sale it was sent, with its own spelling of the same values.
    const echo = await runNode(syncCheckNode, { sync: 'deals', side: 'right', id: 'PS-1', record: sale }, { sync });
    expect(echo).toMatchObject({ port: 'unchanged', output: { twinId: '4711' } });
    const again = await runNode(syncCheckNode, { sync: 'deals', side: 'left', id: '4711', record: { ...deal } }, { sync });
    expect(again.port).toBe('unchanged');
  });

  it('sends a real change to "update" with its twin\'s id', async () => {
    const sync = memorySyncStore();
    await runNode(syncLinkNode, { sync: 'deals', leftId: '4711', rightId: 'PS-1', leftRecord: deal, rightRecord: sale }, { sync });
    const changed = await runNode(syncCheckNode, { sync: 'deals', side: 'right', id: 'PS-1', record: { ...sale, amount: '150000' } }, { sync });
    expect(changed).toMatchObject({ port: 'update', output: { twinId: '4711', conflict: null } });
    // The twin as it is now, unchanged since the last sync: no conflict.
    const checked = await runNode(syncCheckNode, { sync: 'deals', side: 'right', id: 'PS-1', record: { ...sale, amount: '150000' }, otherRecord: deal }, { sync });
    expect(checked.port).toBe('update');
  });

  it('resolves a change on both sides by the declared rule and says how in the output', async () => {
    const sync = memorySyncStore();
    await runNode(syncLinkNode, { sync: 'deals', leftId: '4711', rightId: 'PS-1', leftRecord: deal, rightRecord: sale }, { sync });
    const both = { sync: 'deals', side: 'left', id: '4711', record: { ...deal, amount: 130000 }, otherRecord: { ...sale, amount: '140000' }, changedAt: '2026-03-02T10:00:00Z', otherChangedAt: '2026-03-02T11:00:00Z' };

    const newest = await runNode(syncCheckNode, { ...both, conflictRule: 'newest' }, { sync });
    expect(newest).toMatchObject({ port: 'overwritten', output: { conflict: { rule: 'newest', winner: 'other', why: 'Both sides changed since the last sync; the newest change wins: the other side\'s version was kept' } } });
    const mine = await runNode(syncCheckNode, { ...both, conflictRule: 'this' }, { sync });
    expect(mine).toMatchObject({ port: 'update', output: { conflict: { rule: 'this', winner: 'this' } } });
    const theirs = await runNode(syncCheckNode, { ...both, conflictRule: 'other', changedAt: '2026-03-02T12:00:00Z' }, { sync });
    expect(theirs).toMatchObject({ port: 'overwritten', output: { conflict: { rule: 'other', winner: 'other' } } });
    expect(newest.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Two-way sync conflict' }));
  });

  it('fingerprints records that mean the same alike, whatever their key order or number spelling', () => {
    expect(recordHash({ a: 1, b: ' x ', c: null })).toBe(recordHash({ b: 'x', a: '1.0', d: '' }));
    expect(recordHash({ a: 1 })).not.toBe(recordHash({ a: 2 }));
  });

  it('refuses fields that are not an object, naming the param', async () => {
    await expect(runNode(syncCheckNode, { sync: 'deals', side: 'left', id: '1', record: [1, 2] })).rejects.toMatchObject({ field: 'record' });
    await expect(runNode(syncLinkNode, { sync: 'deals', leftId: '1', rightId: '2', leftRecord: {}, rightRecord: 'x' })).rejects.toMatchObject({ field: 'rightRecord' });
  });
});
