import { RemoteError, runNode } from '../../../sdk';
import contactFixture from '../fixtures/contact.json';
import leadFixture from '../fixtures/lead.json';
import type { KommoLead, KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import type { KommoContactWire } from '../types';
import { kommoGetLead } from './get-lead';

describe('kommo.getLead', () => {
  let sim: KommoSimulator;
  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.clearFaults();
    sim.contacts.clear();
    sim.leads.clear();
    sim.addContact(contactFixture as KommoContactWire);
    const { _links, ...lead } = leadFixture;
    sim.addLead({ ...(lead as KommoLead), contactIds: [1001] });
  });

  it('reads the lead with its contacts and normalises custom fields by id and code', async () => {
    const { output } = await runNode(kommoGetLead, { connection: 'kommo-main', leadId: 4711 }, nodeContext(sim));

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads/4711', 'GET /api/v4/contacts']);
    expect(sim.requests[0].query).toEqual({ with: 'contacts' });
    expect(sim.requests[0].headers.authorization).toBe('Bearer good');
    expect(sim.requests[1].query).toMatchObject({ 'filter[id][0]': '1001' });
    expect(output).toEqual({
      lead: {
        id: 4711,
        name: 'Tel Aviv city break, 2 adults',
        price: 22500,
        statusId: 70010001,
        pipelineId: 7001,
        responsibleUserId: 2079676,
        accountId: 30000001,
        createdAt: '2026-01-01T12:00:00.000Z',
        updatedAt: '2026-01-02T12:00:00.000Z',
        closedAt: null,
        tags: ['web'],
        customFields: {
          '900001': 'Flights TLV–BCN, 3 nights hotel',
          '900002': 'Net 7',
          '900004': 'INV-1001',
          INVOICE_NUMBER: 'INV-1001',
        },
        customFieldsByName: { 'Service description': 'Flights TLV–BCN, 3 nights hotel', 'Payment terms': 'Net 7', 'Invoice number': 'INV-1001' },
        contacts: [{
          id: 1001, isMain: true, name: 'Dana Levi', firstName: 'Dana', lastName: 'Levi', phone: '+972501234567', email: 'dana@example.com',
          customFields: { '800001': '+972501234567', PHONE: '+972501234567', '800002': 'dana@example.com', EMAIL: 'dana@example.com' },
        }],
        companyIds: [],
      },
    });
  });

  it('skips the contact request when contact details are not wanted', async () => {
    const { output } = await runNode(kommoGetLead, { connection: 'kommo-main', leadId: 4711, contactDetails: false }, nodeContext(sim));

    expect(sim.requests).toHaveLength(1);
    expect((output as { lead: { contacts: unknown } }).lead.contacts).toEqual([{ id: 1001, isMain: true }]);
  });

  it('reports an empty custom field list (null on the wire) as empty maps', async () => {
    sim.addLead({ id: 4800, name: 'Bare lead' });
    const { output } = await runNode(kommoGetLead, { connection: 'kommo-main', leadId: 4800 }, nodeContext(sim));

    expect((output as { lead: { customFields: unknown; contacts: unknown } }).lead).toMatchObject({ customFields: {}, customFieldsByName: {}, contacts: [] });
  });

  it("turns Kommo's 204 for a missing lead into a non-retryable not-found error", async () => {
    const error = await runNode(kommoGetLead, { connection: 'kommo-main', leadId: 99 }, nodeContext(sim)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 404, retryable: false, message: 'Kommo lead 99 does not exist' });
  });
});
