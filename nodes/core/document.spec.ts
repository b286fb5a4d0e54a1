import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, runNode } from '../sdk';
import { documentNode } from './document';

type Output = { filename: string; contentType: string; contentBase64: string; size: number; total: string };
const act = {
  title: 'Акт оказанных услуг',
  number: 'A-4711',
  date: '2026-03-02',
  seller: 'ООО «Тур-Сервис», ИНН 7701234567',
  buyer: 'ИП Петрова О. И., ИНН 7712345678',
  lines: [
    { description: 'Тур в Эйлат на двоих', quantity: '1', price: '22500,00' },
    { description: 'Страховка', quantity: 2, price: '1 250.5' },
  ],
  footer: 'Услуги оказаны полностью, заказчик претензий не имеет.',
};

describe('core.document', () => {
  it('renders an act with Cyrillic text as a PDF attachment, totals in exact decimals', async () => {
    const { output } = await runNode(documentNode, act);
    const out = output as Output;
    const bytes = Buffer.from(out.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(out).toMatchObject({ filename: 'Акт оказанных услуг A-4711.pdf', contentType: 'application/pdf', size: bytes.length, total: '25001.00' });
    // The font is embedded: Cyrillic renders instead of boxes.
    expect(bytes.toString('latin1')).toContain('DejaVuSans');
    // Kept with the test artifacts for a person to look at.
    const dir = path.join(__dirname, '../../test/artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'act.pdf'), bytes);
  });

  it('is the same file for the same input (its date comes from the run, not the wall clock)', async () => {
    const first = (await runNode(documentNode, act)).output as Output;
    const second = (await runNode(documentNode, act)).output as Output;
    expect(second.contentBase64).toBe(first.contentBase64);
  });

  it('names the line whose price it cannot read', async () => {
    await expect(runNode(documentNode, { ...act, lines: [{ description: 'x', price: 'дорого' }] })).rejects.toMatchObject({ field: 'lines.0.price' });
    await expect(runNode(documentNode, { ...act, date: 'someday' })).rejects.toBeInstanceOf(InputError);
  });
});
