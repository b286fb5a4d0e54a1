import { InputError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24CreateInvoice } from './create-invoice';
import { bitrix24GetInvoice } from './get-invoice';
import { bitrix24ListInvoiceProducts } from './list-invoice-products';
import { bitrix24UpdateInvoice } from './update-invoice';

describe('bitrix24 smart invoice actions', () => {
  let sim: Bitrix24Simulator;
  const ctx = (attempt = 1) => nodeContext(sim, { attempt, idempotencyKey: 'run-7:invoice:0' });

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.invoices.clear();
    sim.productRows.clear();
    sim.calls.length = 0;
  });

  it('creates an invoice on entityTypeId 31 linked to the deal, the idempotency key as its external code', async () => {
    const { output } = await runNode(bitrix24CreateInvoice, {
      connection: 'b24', dealId: '410', opportunity: 150000, currencyId: 'RUB', stageId: 'DT31_1:S', companyId: 12, closedate: '2026-03-09', fields: { ufCrm5_1725365197310: 'Net 7' },
    }, ctx());

    expect(sim.calls[0]).toEqual({
      method: 'crm.item.add',
      params: { entityTypeId: 31, fields: { ufCrm5_1725365197310: 'Net 7', xmlId: 'run-7:invoice:0', parentId2: 410, opportunity: 150000, currencyId: 'RUB', stageId: 'DT31_1:S', companyId: 12, closedate: '2026-03-09' } },
      inBatch: false,
    });
    expect(output).toMatchObject({ created: true, invoice: { dealId: 410, opportunity: 150000, stageId: 'DT31_1:S', paid: false } });
    expect(sim.invoices.size).toBe(1);
  });

  it('on a retry returns the invoice an earlier attempt created instead of a second one', async () => {
    const first = await runNode(bitrix24CreateInvoice, { connection: 'b24', dealId: 410 }, ctx());
    const retry = await runNode(bitrix24CreateInvoice, { connection: 'b24', dealId: 410 }, ctx(2));

    expect(sim.invoices.size).toBe(1);
    expect(retry.output).toMatchObject({ created: false, invoice: { id: (first.output as { invoice: { id: number } }).invoice.id } });
    expect(sim.calls[1]).toMatchObject({ method: 'crm.item.list', params: { entityTypeId: 31, filter: { xmlId: 'run-7:invoice:0' } } });
  });

  it('reads and updates an invoice, refusing camelCase mistakes before calling', async () => {
    sim.addInvoice({ id: 1201 });
    const updated = await runNode(bitrix24UpdateInvoice, { connection: 'b24', invoiceId: 1201, stageId: 'DT31_1:P', closedate: '2026-03-10' }, ctx());
    const read = await runNode(bitrix24GetInvoice, { connection: 'b24', invoiceId: '1201' }, ctx());

    expect(sim.calls[0].params).toEqual({ entityTypeId: 31, id: 1201, fields: { stageId: 'DT31_1:P', closedate: '2026-03-10' } });
    expect(updated.output).toMatchObject({ invoice: { paid: true } });
    expect(read.output).toMatchObject({ invoice: { id: 1201, stageId: 'DT31_1:P', paid: true } });
    await expect(runNode(bitrix24UpdateInvoice, { connection: 'b24', invoiceId: 1201, fields: { UF_CRM_X: 1 } }, ctx())).rejects.toBeInstanceOf(InputError);
    await expect(runNode(bitrix24GetInvoice, { connection: 'b24', invoiceId: 99 }, ctx())).rejects.toMatchObject({ field: 'invoiceId' });
  });

  it('lists all product rows of an invoice across pages of 50', async () => {
    sim.addInvoice({ id: 1201 });
    sim.addProductRows(1201, 120);
    const { output } = await runNode(bitrix24ListInvoiceProducts, { connection: 'b24', invoiceId: 1201 }, ctx());

    expect(output).toMatchObject({ count: 120, truncated: false });
    expect((output as { rows: { productName: string }[] }).rows.at(-1)).toMatchObject({ productName: 'Item 120' });
    expect(sim.calls.map((c) => [c.method, c.params.start])).toEqual([['crm.item.productrow.list', 0], ['crm.item.productrow.list', 50], ['crm.item.productrow.list', 100]]);
    expect(sim.calls[0].params.filter).toEqual({ '=ownerType': 'SI', '=ownerId': 1201 });
  });

  it('stops at the row bound and says so', async () => {
    sim.addInvoice({ id: 1201 });
    sim.addProductRows(1201, 120);
    const { output } = await runNode(bitrix24ListInvoiceProducts, { connection: 'b24', invoiceId: 1201, maxRows: 60 }, ctx());

    expect(output).toMatchObject({ count: 60, truncated: true });
    expect(sim.calls).toHaveLength(2);
  });
});
