import { createHttpClient, RemoteError, runNode } from '../../../sdk';
import { bitrix24ApiFor } from '../api';
import type { Bitrix24Simulator } from '../simulator';
import { connectionTo, nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24InvoicePdf } from './invoice-pdf';

describe('bitrix24.invoicePdf', () => {
  let sim: Bitrix24Simulator;
  let now = new Date('2026-03-02T09:00:00Z');
  const print = (params: Record<string, unknown> = {}) => runNode(bitrix24InvoicePdf, { connection: 'b24', invoiceId: 1201, templateId: '7', ...params }, nodeContext(sim));
  const pdfText = (output: unknown) => Buffer.from((output as { file: { contentBase64: string } }).file.contentBase64, 'base64').toString('latin1');

  beforeAll(async () => (sim = await startBitrix24({ now: () => now })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.calls.length = 0;
    sim.requests.length = 0;
    sim.invoices.clear();
    sim.documents.documents.clear();
    sim.documents.convertInstantly = true;
    sim.addInvoice({ id: 1201, opportunity: 150000 });
  });

  it('prints the invoice with the template and hands the PDF on as an attachment for Notify', async () => {
    const { output } = await print();

    expect(sim.calls.map((c) => c.method)).toEqual(['crm.item.get', 'crm.documentgenerator.document.list', 'crm.documentgenerator.document.add', 'crm.documentgenerator.document.getPdf']);
    expect(sim.calls[2].params).toEqual({ templateId: 7, entityTypeId: 31, entityId: 1201, stampsEnabled: 1, values: {} });
    expect(output).toMatchObject({ created: true, file: { filename: expect.stringMatching(/^invoice-\d+\.pdf$/), contentType: 'application/pdf' } });
    expect(pdfText(output)).toMatch(/^%PDF-1\.4\n% Invoice #1201/);
  });

  it('retries while Bitrix24 converts, then takes the same document instead of printing a second one', async () => {
    sim.documents.convertInstantly = false;
    const first = await print().then(() => undefined, (e: unknown) => e);
    sim.documents.convertAll();
    const { output } = await print({ filename: 'Счёт 1201.pdf' });

    expect(first).toBeInstanceOf(RemoteError);
    expect(first).toMatchObject({ retryable: true, message: expect.stringContaining('not converted yet') });
    expect(sim.documents.documents.size).toBe(1);
    expect(output).toMatchObject({ created: false, file: { filename: 'Счёт 1201.pdf' } });
  });

  it('prints anew once the invoice changed after the last printed form', async () => {
    await print();
    now = new Date(now.getTime() + 60_000);
    sim.moveInvoice(1201, 'DT31_1:S');
    const { output } = await print();

    expect(sim.documents.documents.size).toBe(2);
    expect(output).toMatchObject({ created: true });
  });

  it('downloads through the connection\'s own webhook, whatever host the PDF link names', async () => {
    sim.documents.linkBase = 'https://elsewhere.example.com';
    try {
      await print();
    } finally {
      sim.documents.linkBase = undefined;
    }
    const document = [...sim.documents.documents.values()][0];
    const request = sim.requests.find((r) => r.path.endsWith('crm.documentgenerator.document.getPdf.json'))!;

    expect(request).toMatchObject({ method: 'GET', path: `/rest/1/${sim.secret}/crm.documentgenerator.document.getPdf.json`, query: { id: String(document.id) } });
  });

  it('takes a JSON refusal behind a PDF link for an error, never for the file', async () => {
    const api = bitrix24ApiFor({ http: createHttpClient() }, connectionTo(sim));
    const refused = await api.downloadPdf(`${sim.url}/rest/crm.documentgenerator.document.getPdf.json?id=60&token=forged`).then(() => undefined, (e: unknown) => e);

    expect(refused).toBeInstanceOf(RemoteError);
    expect(refused).toMatchObject({ status: 400, retryable: false, message: expect.stringContaining('Документ не найден') });
  });
});
