import contactFixture from './fixtures/contact.json';
import leadFixture from './fixtures/lead.json';
import { normaliseLead } from './normalise';
import type { KommoContactWire, KommoLeadWire, Lead } from './types';

/** Sample outputs for the editor's variable picker, taken from the same fixtures the specs use. */
export const sampleLead: Lead = normaliseLead(leadFixture as KommoLeadWire, [contactFixture as KommoContactWire]);

export const sampleAccount = { id: 30000001, subdomain: 'example' };
