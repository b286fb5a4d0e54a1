import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AsproSimulator } from '../../nodes/connectors/aspro/simulator';
import { asproInvoicePaid } from '../../nodes/connectors/aspro/triggers/invoice-paid';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { failures, type Run } from '../support/bitrix24-templates';
import { RecordingServer } from '../support/recording-server';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/** The trigger's poll as the spec watches it: what it reported, with which dedupe keys. */
type Poll = { poll: (...args: unknown[]) => Promise<{ results: { dedupeKey?: string | null }[] }> };

const ARTIFACTS = path.join(__dirname, '../artifacts');

/**
 * Seed 001 from its template, in Russian: the Aspro.Cloud simulator as the account, the SMTP
 * simulator as the mail server, a recording server as the product that opens access.
 */
describe('scenario: aspro-payment-closing-docs (paid invoice → closing documents → access)', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const aspro = new AsproSimulator({ now: () => clock.now(), paidStatusId: 3 });
  const smtp = new EmailSimulator();
  const product = new RecordingServer();
  let app: TestApp;
  let polls: TriggerPolls;
  let flowId = '';

  const runs = async () => (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items as { id: string; status: string }[];
  const connect = async (connector: string, name: string, credentials: Record<string, string>) =>
    (await app.http().post('/api/connections').send({ connector, name, credentials }).expect(201)).body.id as string;
  const poll = async () => {
    clock.advance(61_000);
    await polls.pollDue();
  };

  beforeAll(async () => {
    await aspro.start();
    await smtp.start();
    const productUrl = await product.start();
    app = await startTestApp({ clock });
    polls = app.app.get(TriggerPolls);
    await app.http().post('/api/connectors/aspro/enable').expect(200);
    const asproConnection = await connect('aspro', 'Аспро.Cloud (симулятор)', { accountUrl: aspro.url, apiKey: aspro.apiKey });
    const emailConnection = await connect('email', 'Почта (симулятор)', { host: smtp.host, port: String(smtp.port), secure: 'false', from: 'Бухгалтерия <buh@cloud.example.ru>' });
    const res = await app.http().post('/api/templates/aspro-payment-closing-docs/instantiate').send({
      publish: true, lang: 'ru',
      params: { asproConnection, emailConnection, paidStatusId: 3, seller: 'ООО «Облако», ИНН 7701234567', accessUrl: `${productUrl}/access/grant` },
    });
    expect(res.status).toBe(201);
    expect(res.body.flows.map((f: { name: string }) => f.name)).toEqual(['Закрывающие документы и доступ после оплаты']);
    flowId = res.body.flows[0].id;

    aspro.addAccount({ id: 311, name: 'ООО «Ромашка»', email: 'buh@romashka.example', inn: '7707083893', cf_12: '2027-03-04' });
    aspro.addInvoice({ id: 1042, customer_id: 311, total: '12500.00', sub_total: '12500.00' });
    // The first full read only learns where "now" is.
    await poll();
  });
  afterAll(async () => {
    await app?.close();
    await product.stop();
    await smtp.stop();
    await aspro.stop();
  });

  it('marks the invoice paid, e-mails the act as a PDF and opens access', async () => {
    // The payment system records the payment; the status is the flow's to set.
    aspro.pay(1042, { status: false });
    await poll();
    const [started] = await eventually(runs, (r) => r.length === 1 && ['succeeded', 'failed'].includes(r[0].status));
    const run = (await app.http().get(`/api/runs/${started.id}`).expect(200)).body as Run;
    expect(failures(run)).toEqual([]);
    expect(run.status).toBe('succeeded');

    expect(aspro.invoices.get(1042)).toMatchObject({ status_id: 3 });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail).toMatchObject({ to: ['buh@romashka.example'], subject: 'Оплата получена: закрывающие документы по счёту СЧ-1042' });
    expect(mail.text).toContain('Мы получили оплату 12500.00 RUB по счёту СЧ-1042');
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: 'act-СЧ-1042.pdf', contentType: 'application/pdf' })]);
    const pdf = mail.attachments[0].content;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'aspro-closing-act.pdf'), pdf);

    expect(product.requests).toHaveLength(1);
    const [grant] = product.requests;
    expect(grant).toMatchObject({ method: 'POST', path: '/access/grant' });
    expect(grant.headers['idempotency-key']).toBe('aspro-invoice-1042-access');
    expect(JSON.parse(grant.body)).toEqual({ invoiceId: 1042, invoiceNumber: 'СЧ-1042', total: '12500.00', customerId: 311, customerInn: '7707083893', paidUntil: '2027-03-04' });
  });

  it('opens access once when the payment is reported again', async () => {
    // The flow's own status change and a second report from the payment system both update the paid invoice.
    const polled = jest.spyOn(asproInvoicePaid.definition as unknown as Poll, 'poll');
    aspro.touch(1042, { note: 'Оплата подтверждена банком' });
    await poll();
    await poll();
    const reported = await Promise.all(polled.mock.results.map((r) => r.value as ReturnType<Poll['poll']>));
    polled.mockRestore();

    // The trigger did report the payment again, under the same dedupe key; no second run came of it.
    expect(reported.flatMap((r) => r.results.map((x) => x.dedupeKey))).toContain(`1042:${aspro.invoices.get(1042)?.paid_date}`);

    expect(await runs()).toHaveLength(1);
    expect(product.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });
});
