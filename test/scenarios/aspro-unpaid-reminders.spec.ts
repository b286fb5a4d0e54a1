import { AsproSimulator } from '../../nodes/connectors/aspro/simulator';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { Schedules } from '../../server/src/engine/schedules/schedules';
import { failures, type Run } from '../support/bitrix24-templates';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Seed 001's dunning from the template, in Russian: on working days at 10:00 Moscow time every
 * unpaid invoice past its due date gets a reminder to its customer; paid ones and ones not yet due
 * get none, and a holiday (9 March 2026) sends nothing.
 */
describe('scenario: aspro-unpaid-reminders (overdue invoices on working days)', () => {
  const clock = new FakeClock(new Date('2026-03-06T05:00:00Z'));
  const aspro = new AsproSimulator({ now: () => clock.now(), paidStatusId: 3 });
  const smtp = new EmailSimulator();
  let app: TestApp;
  let flowId = '';

  const connect = async (connector: string, name: string, credentials: Record<string, string>) =>
    (await app.http().post('/api/connections').send({ connector, name, credentials }).expect(201)).body.id as string;
  /** The fire at 10:00 Moscow time of `day`; answers the run it started, or null when the day is off. */
  const dayAt10 = async (day: string): Promise<Run | null> => {
    const before = (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items.length as number;
    clock.set(`${day}T07:00:05Z`);
    await app.app.get(Schedules).fireDue();
    const items = (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items as { id: string }[];
    if (items.length === before) return null;
    await eventually(async () => (await app.http().get(`/api/runs/${items[0].id}`)).body.status, (s) => ['succeeded', 'failed'].includes(s));
    return (await app.http().get(`/api/runs/${items[0].id}`).expect(200)).body as Run;
  };

  beforeAll(async () => {
    await aspro.start();
    await smtp.start();
    app = await startTestApp({ clock });
    await app.http().post('/api/connectors/aspro/enable').expect(200);
    const asproConnection = await connect('aspro', 'Аспро.Cloud (симулятор)', { accountUrl: aspro.url, apiKey: aspro.apiKey });
    const emailConnection = await connect('email', 'Почта (симулятор)', { host: smtp.host, port: String(smtp.port), secure: 'false', from: 'Аспро.Cloud <billing@cloud.example.ru>' });
    aspro.addAccount({ id: 501, name: 'ИП Орлова', email: 'orlova@client.example.ru' });
    aspro.addAccount({ id: 502, name: 'ООО «Вектор»', email: 'buh@vector.example.ru' });
    aspro.addInvoice({ id: 1601, customer_id: 501, total: '9000.00', sub_total: '9000.00', due_date: '2026-03-03' });
    const paid = aspro.addInvoice({ id: 1602, customer_id: 502, total: '5000.00', sub_total: '5000.00', due_date: '2026-03-02' });
    aspro.pay(paid.id);
    aspro.addInvoice({ id: 1603, customer_id: 502, total: '7000.00', sub_total: '7000.00', due_date: '2026-03-20' });

    const res = await app.http().post('/api/templates/aspro-unpaid-reminders/instantiate').send({ publish: true, lang: 'ru', params: { asproConnection, emailConnection } });
    expect(res.status).toBe(201);
    flowId = res.body.flows[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await smtp.stop();
    await aspro.stop();
  });

  it('reminds about the overdue unpaid invoice only', async () => {
    const run = await dayAt10('2026-03-06');
    expect(run).not.toBeNull();
    expect(failures(run!)).toEqual([]);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: ['orlova@client.example.ru'], subject: 'Счёт СЧ-1601 просрочен' });
    expect(smtp.messages[0].text).toContain('истёк 03.03.2026');
  });

  it('sends nothing on a holiday, and reminds again on the next working day', async () => {
    expect(await dayAt10('2026-03-09')).toBeNull();
    expect(smtp.messages).toHaveLength(1);
    const run = await dayAt10('2026-03-10');
    expect(failures(run!)).toEqual([]);
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['orlova@client.example.ru', 'orlova@client.example.ru']);
  });
});
