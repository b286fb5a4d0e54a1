import { defineNode, f } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { PAGE_SIZE } from '../client';
import { bitrix24Props, requiredId } from '../props';

export const bitrix24ListInvoiceProducts = defineNode({
  type: 'bitrix24.listInvoiceProducts',
  kind: 'action',
  title: 'List invoice products',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Reads the product rows of a Bitrix24 smart invoice, e.g. to create a task per department for the goods it lists.',
  params: {
    connection: bitrix24Props.connection(),
    invoiceId: bitrix24Props.invoiceId(),
    maxRows: f.number({ label: 'At most', integer: true, min: 1, max: 5000, default: 500, description: 'Rows are read 50 at a time' }),
  },
  sampleOutput: {
    rows: [{ id: 17649, productId: 9621, productName: 'Ergonomic chair', price: 12500, quantity: 12, measureName: 'pcs' }],
    count: 1,
    truncated: false,
  },
  async run(ctx, params) {
    const id = requiredId(params.invoiceId, 'invoiceId');
    const api = await connectBitrix24(ctx, params.connection);
    const maxRows = params.maxRows ?? 500;
    // `SI` is the owner type of new (smart) invoices in product rows.
    const page = await orMissing(api.productRows('SI', id, Math.ceil(maxRows / PAGE_SIZE)), `Invoice ${id}`, 'invoiceId');
    const rows = page.items.slice(0, maxRows);
    return { rows, count: rows.length, truncated: page.truncated || page.items.length > maxRows };
  },
});
