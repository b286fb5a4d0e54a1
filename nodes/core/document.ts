import path from 'node:path';
import Decimal from 'decimal.js';
import { defineNode, f, InputError } from '../sdk';

/** A font with Cyrillic, Hebrew and Latin: acts and invoices are written in the customer's language. */
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** A document passes to the next step inside its output: it must stay well under the step payload limit. */
export const MAX_DOCUMENT_BYTES = 160 * 1024;

const Money = Decimal.clone({ precision: 40 });

/** The document's own words, in the language it is written in (not the editor's). */
const WORDS = {
  en: { number: 'No.', from: 'From', to: 'To', columns: ['#', 'Description', 'Qty', 'Price', 'Amount'], total: 'Total' },
  ru: { number: '№', from: 'Исполнитель', to: 'Заказчик', columns: ['№', 'Наименование', 'Кол-во', 'Цена', 'Сумма'], total: 'Итого' },
  es: { number: 'N.º', from: 'Emisor', to: 'Cliente', columns: ['N.º', 'Descripción', 'Cant.', 'Precio', 'Importe'], total: 'Total' },
} as const;
type Language = keyof typeof WORDS;

/**
 * Renders an act or an invoice as a PDF from the deal's data: for the paper path of an act, and as
 * an attachment for core.notify or a CRM record. Amounts are exact decimals; the file is the same
 * for the same input (its date comes from the run's clock).
 */
export const documentNode = defineNode({
  type: 'core.document',
  kind: 'action',
  sideEffects: false,
  title: 'Render a document (PDF)',
  category: 'Data',
  description:
    'Renders an act, an invoice or any document with a table of lines as a PDF: title, number and date, the two parties, lines with quantity and price, the total. '
    + 'Its output { filename, contentType, contentBase64 } is an attachment for "Notify" or a CRM file field.',
  params: {
    title: f.text({ label: 'Title', required: true, placeholder: 'Act of services rendered' }),
    number: f.key({ label: 'Number', placeholder: '{{ $trigger.deal.id }}' }),
    date: f.date({ label: 'Date', description: 'Empty: today' }),
    seller: f.text({ label: 'From', multiline: true, description: 'Who issues it: name, tax ids, address' }),
    buyer: f.text({ label: 'To', multiline: true, description: 'Who receives it' }),
    lines: f.list({
      label: 'Lines',
      required: true,
      of: {
        description: f.text({ label: 'Description', required: true }),
        quantity: f.decimal({ label: 'Quantity' }),
        price: f.decimal({ label: 'Price', required: true }),
      },
    }),
    currency: f.select({ label: 'Currency', options: ['RUB', 'ILS', 'USD', 'EUR'], default: 'RUB' }),
    language: f.select({ label: 'Language of the document', options: [{ value: 'ru', label: 'Russian' }, { value: 'en', label: 'English' }, { value: 'es', label: 'Spanish' }], default: 'ru' }),
    footer: f.text({ label: 'Text under the table', multiline: true, placeholder: 'The services were rendered in full; the customer has no claims.' }),
    filename: f.text({ label: 'File name', placeholder: 'act-{{ $trigger.deal.id }}.pdf' }),
  },
  sampleOutput: { filename: 'act-4711.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0xLjMK…', size: 5120, total: '22500.00' },
  async run(ctx, params) {
    const date = params.date ? new Date(params.date) : ctx.now();
    if (Number.isNaN(date.getTime())) throw new InputError(`'date' is not a date: ${params.date}`, { field: 'date' });
    const rows = params.lines.map((line, i) => {
      const quantity = decimal(line.quantity ?? '1', `lines.${i}.quantity`);
      const price = decimal(line.price, `lines.${i}.price`);
      return { description: line.description, quantity, price, sum: quantity.times(price).toDecimalPlaces(2, Money.ROUND_HALF_UP) };
    });
    const total = rows.reduce((sum, r) => sum.plus(r.sum), new Money(0));
    const bytes = await render({ ...params, rows, total, date, currency: params.currency ?? 'RUB', words: WORDS[(params.language ?? 'ru') as Language] });
    if (bytes.length > MAX_DOCUMENT_BYTES) throw new InputError(`The document is ${bytes.length} bytes, more than ${MAX_DOCUMENT_BYTES}: split it or shorten its lines`, { field: 'lines' });
    const filename = (params.filename?.trim() || `${params.title}${params.number ? ` ${params.number}` : ''}.pdf`).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);
    return { filename: filename.endsWith('.pdf') ? filename : `${filename}.pdf`, contentType: 'application/pdf', contentBase64: bytes.toString('base64'), size: bytes.length, total: total.toFixed(2) };
  },
});

function decimal(value: unknown, field: string) {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace(/[\s\u00a0]/g, '').replace(',', '.') : '';
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new InputError(`'${field}' must be a number like 12.50, not ${JSON.stringify(value)}`, { field });
  return new Money(text);
}

interface Rendering {
  title: string;
  number?: string;
  date: Date;
  seller?: string;
  buyer?: string;
  rows: { description: string; quantity: Decimal; price: Decimal; sum: Decimal }[];
  total: Decimal;
  currency: string;
  footer?: string;
  words: (typeof WORDS)[Language];
}

async function render(doc: Rendering): Promise<Buffer> {
  // Loaded on the first document: pdfkit and its fonts stay out of processes that render none.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: doc.title, CreationDate: doc.date, ModDate: doc.date, Producer: 'Flowbridge' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('body', path.join(FONT_DIR, 'DejaVuSans.ttf'));
    pdf.registerFont('bold', path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    const w = doc.words;
    pdf.font('bold').fontSize(16).text(`${doc.title}${doc.number ? ` ${w.number} ${doc.number}` : ''}`, { align: 'center' });
    pdf.font('body').fontSize(10).text(doc.date.toISOString().slice(0, 10), { align: 'center' }).moveDown(1.5);
    if (doc.seller) pdf.font('bold').text(`${w.from}: `, { continued: true }).font('body').text(doc.seller).moveDown(0.5);
    if (doc.buyer) pdf.font('bold').text(`${w.to}: `, { continued: true }).font('body').text(doc.buyer).moveDown(1);
    const columns = [50, 80, 330, 400, 470];
    const row = (cells: string[], font: 'body' | 'bold') => {
      const y = pdf.y;
      pdf.font(font);
      cells.forEach((cell, i) => pdf.text(cell, columns[i], y, { width: (columns[i + 1] ?? 545) - columns[i] - 6, align: i >= 2 ? 'right' : 'left' }));
      pdf.moveDown(0.6);
    };
    row([w.columns[0], w.columns[1], w.columns[2], w.columns[3], `${w.columns[4]}, ${doc.currency}`], 'bold');
    doc.rows.forEach((r, i) => row([String(i + 1), r.description, r.quantity.toString(), r.price.toFixed(2), r.sum.toFixed(2)], 'body'));
    pdf.moveDown(0.5);
    row(['', '', '', w.total, doc.total.toFixed(2)], 'bold');
    if (doc.footer) pdf.font('body').text(doc.footer, 50, pdf.y + 20, { width: 495 });
    pdf.end();
  });
}
