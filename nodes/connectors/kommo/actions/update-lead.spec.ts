import { InputError, RemoteError, runNode } from '../../../sdk';
import type { KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import { kommoUpdateLead } from './update-lead';

const TO_INVOICE = 70010001;
const INVOICE_SENT = 70010002;

describe('kommo.updateLead', () => {
  let sim: KommoSimulator;
  const update = (params: Record<string, unknown>) => runNode(kommoUpdateLead, { connection: 'kommo-main', leadId: 4711, ...params }, nodeContext(sim));

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.leads.clear();
    sim.addLead({ id: 4711, status_id: TO_INVOICE, pipeline_id: 7001 });
  });

  // Numeric keys come first in any JS object, so the id-keyed fields lead the list.
  it('moves the lead and writes price and custom fields by id, code and option text', async () => {
    const { output } = await update({
      statusId: String(INVOICE_SENT),
      price: 22500,
      customFields: { '900003': 'https://pay.example.com/inv/1001', INVOICE_NUMBER: 'INV-1001', '900005': 'Issued' },
    });

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v4/leads/4711']);
    expect(sim.requests[0].body).toEqual({
      price: 22500,
      status_id: INVOICE_SENT,
      custom_fields_values: [
        { field_id: 900003, values: [{ value: 'https://pay.example.com/inv/1001' }] },
        { field_id: 900005, values: [{ value: 'Issued' }] },
        { field_code: 'INVOICE_NUMBER', values: [{ value: 'INV-1001' }] },
      ],
    });
    const lead = sim.leads.get(4711)!;
    expect(lead).toMatchObject({ status_id: INVOICE_SENT, price: 22500 });
    expect(lead.custom_fields_values).toEqual(expect.arrayContaining([
      expect.objectContaining({ field_id: 900005, values: [{ value: 'Issued', enum_id: 500022, enum_code: null }] }),
    ]));
    expect(output).toEqual({ leadId: 4711, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('sends the lead\'s own pipeline with Closed – won, which Kommo requires', async () => {
    await update({ statusId: '142' });

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads/4711', 'PATCH /api/v4/leads/4711']);
    expect(sim.requests[1].body).toEqual({ status_id: 142, pipeline_id: 7001 });
    expect(sim.leads.get(4711)).toMatchObject({ status_id: 142, pipeline_id: 7001 });
  });

  it('sends the chosen pipeline without an extra read', async () => {
    await update({ statusId: 143, pipelineId: 7001 });

    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0].body).toEqual({ status_id: 143, pipeline_id: 7001 });
  });

  it('clears a custom field given an empty value', async () => {
    await update({ customFields: { '900003': 'https://pay.example.com/x' } });
    await update({ customFields: { '900003': '' } });

    expect(sim.requests[1].body).toEqual({ custom_fields_values: [{ field_id: 900003, values: null }] });
    expect(sim.leads.get(4711)!.custom_fields_values).toBeNull();
  });

  it('passes Kommo\'s validation detail on as a non-retryable error', async () => {
    const error = await update({ customFields: { '123': 'x' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect((error as Error).message).toBe(
      'Kommo PATCH /api/v4/leads/4711 answered 400: Request validation failed — custom_fields_values.0.field_id: The value you selected is not a valid choice.',
    );
  });

  it('refuses an update with nothing to change before calling Kommo', async () => {
    await expect(update({ customFields: {} })).rejects.toBeInstanceOf(InputError);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a fractional price before calling Kommo', async () => {
    await expect(update({ price: 99.5 })).rejects.toBeInstanceOf(InputError);
    expect(sim.requests).toHaveLength(0);
  });
});
