import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AsproSimulator } from '../../nodes/connectors/aspro/simulator';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { Schedules } from '../../server/src/engine/schedules/schedules';
import { failures, type Run } from '../support/bitrix24-templates';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const ARTIFACTS = path.join(__dirname, '../artifacts');

/**
 * Seed 001's renewals from the template, in Russian: Orlova's subscription ends on 2026-03-27; the
 * daily run at 10:00 Moscow time reminds her on the 20th, not on the 19th (8 days) or the 21st (6 days).
 */
describe('scenario: aspro-renewal-reminder (invoice and reminder 7 days before the end)', () => {
  const clock = new FakeClock(new Date('2026-03-19T05:00:00Z'));
  const aspro = new AsproSimulator({ now: () => clock.now(), paidStatusId: 3 });
  const smtp = new EmailSimulator();
  let app: TestApp;
  let flowId = '';

  const connect = async (connector: string, name: string, credentials: Record<string, string>) =>
    (await app.http().post('/api/connections').send({ connector, name, credentials }).expect(201)).body.id as string;
  /** The daily fire at 10:00 Moscow time of `day`; answers the run it started, ended. */
  const dayAt10 = async (day: string): Promise<Run> => {
    const before = (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items.length as number;
    clock.set(`${day}T07:00:05Z`);
    await app.app.get(Schedules).fireDue();
    const items = await eventually(
      async () => (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items as { id: string; status: string }[],
      (r) => r.length === before + 1 && ['succeeded', 'failed'].includes(r[0].status),
    );
    return (await app.http().get(`/api/runs/${items[0].id}`).expect(200)).body as Run;
  };
  const existing = new Set<number>();
  /** Invoices the flow created, oldest first. */
  const renewals = () => [...aspro.invoices.values()].filter((i) => !existing.has(i.id)).sort((a, b) => a.id - b.id);
  const paidInvoice = (id: number, customer: number, total: string, endsAt: string) => {
    aspro.addInvoice({ id, customer_id: customer, total, sub_total: total, cf_12: endsAt });
    aspro.pay(id);
  };

  beforeAll(async () => {
    await aspro.start();
    await smtp.start();
    app = await startTestApp({ clock });
    await app.http().post('/api/connectors/aspro/enable').expect(200);
    const asproConnection = await connect('aspro', 'Аспро.Cloud (симулятор)', { accountUrl: aspro.url, apiKey: aspro.apiKey });
    const emailConnection = await connect('email', 'Почта (симулятор)', { host: smtp.host, port: String(smtp.port), secure: 'false', from: 'Аспро.Cloud <billing@cloud.example.ru>' });

    aspro.addAccount({ id: 401, name: 'ИП Орлова', email: 'orlova@client.example.ru', inn: '500100732259' });
    aspro.addAccount({ id: 402, name: 'ООО «Вектор»', email: 'buh@vector.example.ru' });
    aspro.addAccount({ id: 403, name: 'ООО «Ромашка»', email: 'buh@romashka.example' });
    paidInvoice(1501, 401, '24000.00', '2026-03-27');
    // Vector's period ends the same day, but the next one is already paid.
    paidInvoice(1502, 402, '12000.00', '2026-03-27');
    paidInvoice(1503, 402, '12000.00', '2027-03-27');
    // Romashka's ends the day after: its reminder is due on the 21st.
    paidInvoice(1504, 403, '36000.00', '2026-03-28');
    for (const id of aspro.invoices.keys()) existing.add(id);

    const res = await app.http().post('/api/templates/aspro-renewal-reminder/instantiate').send({ publish: true, lang: 'ru', params: { asproConnection, emailConnection } });
    expect(res.status).toBe(201);
    expect(res.body.flows.map((f: { name: string }) => f.name)).toEqual(['Напоминания о продлении']);
    flowId = res.body.flows[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await smtp.stop();
    await aspro.stop();
  });

  it('sends nothing to Orlova 8 days before the end', async () => {
    const run = await dayAt10('2026-03-19');
    expect(failures(run)).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(renewals()).toEqual([]);
    expect(smtp.messages).toEqual([]);
  });

  it('invoices the renewal and reminds her exactly 7 days before, with the invoice attached', async () => {
    const run = await dayAt10('2026-03-20');
    expect(failures(run)).toEqual([]);

    expect(renewals()).toEqual([expect.objectContaining({ customer_id: 401, total: '24000.00', due_date: '2026-03-27', status_id: 1 })]);
    const [renewal] = renewals();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail).toMatchObject({ to: ['orlova@client.example.ru'], subject: `Подписка заканчивается 27.03.2026: счёт СЧ-${renewal.id} на продление` });
    expect(mail.text).toContain(`во вложении счёт СЧ-${renewal.id} на 24000.00 RUB за следующий период`);
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: `invoice-СЧ-${renewal.id}.pdf`, contentType: 'application/pdf' })]);
    expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'aspro-renewal-invoice.pdf'), mail.attachments[0].content);
  });

  it('does not remind her again 6 days before; the next day is Romashka\'s turn', async () => {
    const run = await dayAt10('2026-03-21');
    expect(failures(run)).toEqual([]);

    expect(smtp.messages.map((m) => m.to[0])).toEqual(['buh@romashka.example', 'orlova@client.example.ru']);
    expect(renewals().map((i) => i.customer_id)).toEqual([401, 403]);
  });
});
