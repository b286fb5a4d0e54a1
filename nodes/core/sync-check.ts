import { defineNode, f, InputError, outcome, recordHash, type SyncSide } from '../sdk';

const SIDES = [{ value: 'left', label: 'Left (e.g. the CRM)' }, { value: 'right', label: 'Right (e.g. the partner portal)' }] as const;
const RULES = [
  { value: 'this', label: 'This change wins' },
  { value: 'other', label: 'The other side wins' },
  { value: 'newest', label: 'The newest change wins' },
] as const;

/**
 * The first step of one direction of a two-way sync. It tells a change worth sending from the echo
 * of the sync's own write (the loop every home-made sync falls into) and finds the record's twin.
 */
export const syncCheckNode = defineNode({
  type: 'core.syncCheck',
  kind: 'condition',
  title: 'Two-way sync: check a change',
  category: 'Data',
  description:
    'Looks the changed record up in the sync\'s id map and compares the synced fields with what the sync last wrote or saw. '
    + '"create": the other side has no twin yet; "update": a real change to send; "unchanged": nothing new, or the sync\'s own write coming back (stop here, no echo). '
    + 'With the twin\'s current fields given, a change on both sides since the last sync is a conflict, resolved by the rule and shown in the output; '
    + '"overwritten" fires when the other side wins, so the flow can write it back here.',
  params: {
    sync: f.key({ label: 'Sync name', required: true, placeholder: 'deals-kontur', description: 'The same name in both directions\' flows' }),
    side: f.select({ label: 'This change comes from', options: SIDES, default: 'left' }),
    id: f.key({ label: 'Record id on this side', required: true, placeholder: '{{ $trigger.deal.id }}' }),
    record: f.json({ label: 'Synced fields, as this side has them', required: true, description: 'The fields both sides share, under the same names, e.g. { "title": …, "amount": …, "inn": … }' }),
    otherRecord: f.json({ label: 'The twin\'s fields now (optional)', description: 'Read from the other side, under the same names: lets a change on both sides be found and resolved' }),
    conflictRule: f.select({ label: 'When both sides changed', options: RULES, default: 'newest' }),
    changedAt: f.text({ label: 'When this side changed', description: 'For "the newest wins", e.g. {{ $trigger.deal.dateModify }}' }),
    otherChangedAt: f.text({ label: 'When the other side changed', description: 'For "the newest wins", from the twin\'s fields' }),
  },
  ports: ['create', 'update', 'unchanged', 'overwritten'],
  sideEffects: false,
  sampleOutput: { sync: 'deals-kontur', side: 'left', id: '4711', twinId: 'PS-1001', hash: '5f2b…', conflict: null },
  async run(ctx, params) {
    const side = params.side as SyncSide;
    const other: SyncSide = side === 'left' ? 'right' : 'left';
    if (!params.record || typeof params.record !== 'object' || Array.isArray(params.record)) throw new InputError('The synced fields must be an object of field → value', { field: 'record' });
    const hash = recordHash(params.record);
    const link = await ctx.sync.find(params.sync, side, params.id);
    const base = { sync: params.sync, side, id: params.id, hash };
    if (!link) return outcome.port('create', { ...base, twinId: null, conflict: null });
    const twinId = side === 'left' ? link.rightId : link.leftId;
    const lastHere = side === 'left' ? link.leftHash : link.rightHash;
    const lastThere = other === 'left' ? link.leftHash : link.rightHash;
    if (lastHere === hash) return outcome.port('unchanged', { ...base, twinId, conflict: null });
    const given = params.otherRecord !== undefined && params.otherRecord !== null && params.otherRecord !== '';
    const otherChanged = given && recordHash(params.otherRecord) !== lastThere && recordHash(params.otherRecord) !== hash;
    if (!otherChanged) return outcome.port('update', { ...base, twinId, conflict: null });
    const rule = params.conflictRule ?? 'newest';
    const winner = rule === 'this' ? 'this' : rule === 'other' ? 'other' : newest(params.changedAt, params.otherChangedAt);
    const conflict = { rule, winner, thisChangedAt: params.changedAt ?? null, otherChangedAt: params.otherChangedAt ?? null, why: `Both sides changed since the last sync; ${describe(rule, winner)}` };
    ctx.log.warn('Two-way sync conflict', { sync: params.sync, id: params.id, twinId, rule, winner });
    return outcome.port(winner === 'this' ? 'update' : 'overwritten', { ...base, twinId, conflict });
  },
});

/** The later of two times; a time that cannot be read loses, and a tie keeps this side. */
function newest(mine: string | undefined, theirs: string | undefined): 'this' | 'other' {
  const a = mine ? Date.parse(mine) : NaN;
  const b = theirs ? Date.parse(theirs) : NaN;
  if (Number.isNaN(b)) return 'this';
  if (Number.isNaN(a)) return 'other';
  return b > a ? 'other' : 'this';
}

function describe(rule: string, winner: 'this' | 'other'): string {
  const who = winner === 'this' ? 'this change was kept' : 'the other side\'s version was kept';
  return rule === 'newest' ? `the newest change wins: ${who}` : rule === 'this' ? `this side wins: ${who}` : `the other side wins: ${who}`;
}
