import { defineNode, f } from '../../../sdk';
import { connectKommo } from '../api';
import { kommoProps } from '../props';

export const kommoAddNote = defineNode({
  type: 'kommo.addNote',
  kind: 'action',
  title: 'Add note to lead',
  category: 'CRM',
  connector: 'kommo',
  description: "Adds a text note to a lead's feed, e.g. \"Invoice INV-1001 sent: <link>\".",
  params: {
    connection: kommoProps.connection(),
    leadId: kommoProps.leadId(),
    text: f.text({ label: 'Text', required: true, multiline: true, minLength: 1 }),
  },
  sampleOutput: { noteId: 5550001, leadId: 4711 },
  async run(ctx, params) {
    const api = await connectKommo(ctx, params.connection);
    // Kommo only echoes request_id, it does not deduplicate: a retry after a lost answer looks for the note first.
    const existing = ctx.attempt > 1 ? await api.findNote(params.leadId, params.text) : undefined;
    const note = existing ?? await api.addNote(params.leadId, params.text, ctx.idempotencyKey);
    return { noteId: note.id, leadId: params.leadId };
  },
});
