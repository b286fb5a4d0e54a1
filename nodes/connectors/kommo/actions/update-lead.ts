import { defineNode, f } from '../../../sdk';
import { connectKommo } from '../api';
import { kommoProps, LEAD_FIELDS_SOURCE, optionalId } from '../props';

export const kommoUpdateLead = defineNode({
  type: 'kommo.updateLead',
  kind: 'action',
  title: 'Update lead',
  category: 'CRM',
  connector: 'kommo',
  description: 'Moves a Kommo lead to a stage and/or writes its price, name and custom fields (e.g. the payment link).',
  params: {
    connection: kommoProps.connection(),
    leadId: kommoProps.leadId(),
    statusId: kommoProps.statusId('Leave empty to keep the stage. For Closed – won/lost the lead stays in its pipeline unless one is chosen.'),
    pipelineId: kommoProps.pipelineId('Only needed to move the lead to another pipeline'),
    price: f.number({ label: 'Price', integer: true, min: 0 }),
    name: f.text({ label: 'Lead name' }),
    customFields: f.keyValue({
      label: 'Custom fields',
      keys: { pattern: /^(\d+|[A-Z][A-Z0-9_]*)$/, expected: 'a Kommo field id or field code', source: LEAD_FIELDS_SOURCE },
      description: 'Field id (or field code) → value, e.g. 900003 → {{ $steps.invoice.paymentUrl }}. An empty value clears the field; { "enum_id": 123 } picks a list option.',
    }),
  },
  sampleOutput: { leadId: 4711, updatedAt: '2026-01-02T12:00:00.000Z' },
  async run(ctx, params) {
    const api = await connectKommo(ctx, params.connection);
    const result = await api.updateLead(params.leadId, {
      statusId: optionalId(params.statusId, 'statusId'),
      pipelineId: optionalId(params.pipelineId, 'pipelineId'),
      price: params.price,
      name: params.name || undefined,
      customFields: params.customFields,
    });
    return { leadId: result.id, updatedAt: new Date(result.updatedAt * 1000).toISOString() };
  },
});
