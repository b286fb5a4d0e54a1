import contactFixture from './fixtures/contact.json';
import dealFixture from './fixtures/deal.json';
import invoiceFixture from './fixtures/invoice.json';
import taskFixture from './fixtures/task.json';
import usersFixture from './fixtures/users.json';
import { normaliseContact, normaliseDeal, normaliseInvoice, normaliseTask, normaliseUser } from './normalise';
import type { ContactWire, CrmItemWire, DealWire, TaskWire, UserWire } from './types';

/** Sample outputs for the editor's variable picker, taken from the fixtures the simulator serves. */
export const sampleDeal = normaliseDeal(dealFixture as DealWire);
export const sampleInvoice = normaliseInvoice(invoiceFixture as CrmItemWire);
export const sampleTask = normaliseTask(taskFixture as TaskWire);
export const sampleUser = normaliseUser(usersFixture[1] as UserWire);
export const sampleHead = normaliseUser(usersFixture[2] as UserWire);
export const sampleContact = normaliseContact(contactFixture as ContactWire);

/** What `receive` saw of an outbound event; `load` adds the re-read entity. */
export const sampleEvent = { name: 'ONCRMDEALUPDATE', id: 410, entityTypeId: null, ts: '2026-03-02T09:00:00.000Z', domain: 'example.bitrix24.ru' };
