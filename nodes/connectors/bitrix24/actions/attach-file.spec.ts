import { InputError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24AttachFile } from './attach-file';

describe('bitrix24.attachFile', () => {
  let sim: Bitrix24Simulator;
  const pdf = Buffer.from('%PDF-1.4 act of deal 410');
  const attach = (params: Record<string, unknown>) =>
    runNode(bitrix24AttachFile, { connection: 'b24', dealId: 410, field: 'UF_CRM_ACT_FILE', file: { filename: 'act-410.pdf', contentBase64: pdf.toString('base64') }, ...params }, nodeContext(sim));

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.deals.clear();
    sim.files.length = 0;
    sim.calls.length = 0;
    sim.addDeal({ ID: '410', STAGE_ID: 'PREPARATION' });
  });

  it('writes the file into the deal field the way Bitrix24 takes files over REST', async () => {
    const { output } = await attach({});
    expect(output).toEqual({ dealId: 410, field: 'UF_CRM_ACT_FILE', filename: 'act-410.pdf', size: expect.any(Number) });
    expect(sim.calls[0]).toMatchObject({ method: 'crm.deal.update', params: { id: 410, fields: { UF_CRM_ACT_FILE: { fileData: ['act-410.pdf', pdf.toString('base64')] } } } });
    expect(sim.files).toEqual([{ dealId: 410, field: 'UF_CRM_ACT_FILE', name: 'act-410.pdf', content: pdf }]);
  });

  it('names the field of what it cannot write: a standard field, or something that is not a file', async () => {
    await expect(attach({ field: 'TITLE' })).rejects.toMatchObject({ field: 'field' });
    await expect(attach({ file: 'act.pdf' })).rejects.toBeInstanceOf(InputError);
    await expect(attach({ file: { filename: 'act.pdf' } })).rejects.toMatchObject({ field: 'file' });
    expect(sim.calls).toEqual([]);
  });
});
