import { defineNode, f, InputError, recordHash } from '../sdk';

/**
 * The last step of one direction of a two-way sync: remembers which record is which and what each
 * side now holds, so the change this flow just wrote is recognised when it comes back.
 */
export const syncLinkNode = defineNode({
  type: 'core.syncLink',
  kind: 'action',
  title: 'Two-way sync: remember',
  category: 'Data',
  description:
    'Stores the pair of ids (left and right) under the sync\'s name with a fingerprint of the synced fields on each side, after the flow created or updated the twin. '
    + 'The opposite direction\'s "check a change" then takes the write coming back as unchanged. Saving the same pair again changes nothing.',
  params: {
    sync: f.key({ label: 'Sync name', required: true, placeholder: 'deals-kontur' }),
    leftId: f.key({ label: 'Left id', required: true, placeholder: '{{ $trigger.deal.id }}' }),
    rightId: f.key({ label: 'Right id', required: true, placeholder: '{{ $steps.sale.id }}' }),
    leftRecord: f.json({ label: 'Synced fields on the left now', required: true }),
    rightRecord: f.json({ label: 'Synced fields on the right now', required: true, description: 'What was just written there, under the same names as on the left' }),
  },
  sideEffects: false,
  sampleOutput: { sync: 'deals-kontur', leftId: '4711', rightId: 'PS-1001', leftHash: '5f2b…', rightHash: '5f2b…', updatedAt: '2026-03-02T09:00:00.000Z' },
  async run(ctx, params) {
    for (const name of ['leftRecord', 'rightRecord'] as const) {
      const value = params[name];
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`'${name}' must be an object of field → value`, { field: name });
    }
    return ctx.sync.save({ sync: params.sync, leftId: params.leftId, rightId: params.rightId, leftHash: recordHash(params.leftRecord), rightHash: recordHash(params.rightRecord) });
  },
});
