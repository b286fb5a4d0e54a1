import { FakeClock } from '../../server/src/engine/clock';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** What the telephony sends per call (the template's documented shape). */
interface CallHook {
  call_id: string;
  manager: string;
  started_at: string;
  duration: number;
  direction: 'in' | 'out';
  phone: string;
}

const DAY = '2026-03-02'; // a Monday, a working day on the RU calendar
const at = (hhmm: string, date = DAY) => `${date}T${hhmm}:00+03:00`;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Seed 002's call-centre report: a day of calls for two managers. Ivanov talks every half hour but
 * has nothing from 15:00 (his 14:55 call lasts five minutes) to 16:30; Petrova calls every 40
 * minutes all day, and once in the evening, outside working hours.
 */
function dayOfCalls(): CallHook[] {
  const calls: CallHook[] = [];
  const add = (manager: string, start: string, duration: number, date = DAY) => {
    const n = calls.length;
    calls.push({ call_id: `${manager}-${date}-${start}`, manager, started_at: at(start, date), duration, direction: n % 3 === 0 ? 'out' : 'in', phone: `+7916000${String(n).padStart(4, '0')}` });
  };
  for (let m = 9 * 60; m <= 14 * 60 + 30; m += 30) add('ivanov', hhmm(m), 60 + (m % 7) * 20);
  add('ivanov', '14:55', 300);
  add('ivanov', '16:30', 240);
  add('ivanov', '17:00', 200);
  add('ivanov', '17:30', 1800);
  for (let m = 9 * 60 + 10; m <= 17 * 60 + 50; m += 40) add('petrova', hhmm(m), 240 + (m % 5) * 15);
  add('petrova', '19:30', 90);
  // The day before is a Sunday: outside the period asked for.
  add('petrova', '11:00', 600, '2026-03-01');
  return calls;
}

describe('scenario: call records from a telephony webhook → data table → call-centre report', () => {
  const clock = new FakeClock('2026-03-02T06:00:00Z');
  let app: TestApp;
  let hookPath: string;
  const calls = dayOfCalls();

  beforeAll(async () => {
    app = await startTestApp({ clock });
    const created = await app.as('analyst').post('/api/templates/call-records/instantiate').send({ publish: true, lang: 'ru', params: {} }).expect(201);
    expect(created.body.flows.map((f: { name: string }) => f.name)).toEqual(['Сбор звонков']);
    hookPath = created.body.flows[0].graph.nodes.find((n: { type: string }) => n.type === 'core.webhook').params.path;
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps each call once however often it is reported, and the report adds up to what was sent', async () => {
    const table = (await app.http().get('/api/tables/call_records').expect(200)).body;
    expect(table).toMatchObject({ key: ['callId'], rowCount: 0, report: { manager: 'manager', startedAt: 'startedAt', duration: 'durationSec' } });

    // Calls arrive as they end; every fourth is reported a second time (the telephony retried).
    const ordered = [...calls].sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
    const runIds: string[] = [];
    for (const [i, call] of ordered.entries()) {
      const ended = Date.parse(call.started_at) + call.duration * 1000;
      if (ended > clock.now().getTime()) clock.advance(ended - clock.now().getTime());
      const deliveries = i % 4 === 0 ? 2 : 1;
      for (let d = 0; d < deliveries; d++) {
        const res = await app.as('anonymous').post(`/hooks/${hookPath}`).send(call).expect(202);
        runIds.push(res.body.runId);
      }
    }
    expect(runIds.length).toBeGreaterThan(calls.length);
    for (const runId of runIds) expect((await waitForRun(app, runId)).status).toBe('succeeded');

    const after = (await app.as('manager').get('/api/tables/call_records').expect(200)).body;
    expect(after.rowCount).toBe(calls.length);
    const stored = [];
    for (let next: string | null = null, first = true; first || next; first = false) {
      const page: { body: { rows: { data: Record<string, unknown> }[]; next: string | null } } = await app.as('manager').get(`/api/tables/call_records/rows?limit=20${next ? `&after=${next}` : ''}`).expect(200);
      stored.push(...page.body.rows.map((r) => r.data));
      next = page.body.next;
    }
    expect(stored.map((r) => r.callId).sort()).toEqual(calls.map((c) => c.call_id).sort());
    const ivanovFirst = stored.find((r) => r.callId === 'ivanov-2026-03-02-09:00');
    const sentFirst = calls.find((c) => c.call_id === 'ivanov-2026-03-02-09:00')!;
    expect(ivanovFirst).toEqual({ callId: sentFirst.call_id, manager: 'ivanov', startedAt: '2026-03-02T06:00:00.000Z', durationSec: sentFirst.duration, direction: sentFirst.direction, phone: sentFirst.phone });

    const report = (await app.as('manager').get(`/api/tables/call_records/report?from=${DAY}&to=${DAY}&calendar=ru&gapMinutes=45`).expect(200)).body;
    expect(report.period).toMatchObject({ timezone: 'Europe/Moscow', workdays: [DAY], dayStart: '09:00', dayEnd: '18:00' });

    // The expected figures, straight from what was sent.
    const inPeriod = calls.filter((c) => c.started_at.startsWith(DAY));
    const byManager = (manager: string) => inPeriod.filter((c) => c.manager === manager);
    const minutes = (list: CallHook[]) => Math.round((list.reduce((s, c) => s + c.duration, 0) / 60) * 10) / 10;
    for (const manager of ['ivanov', 'petrova']) {
      const sent = byManager(manager);
      expect(report.managers.find((m: { manager: string }) => m.manager === manager)).toMatchObject({
        calls: sent.length,
        minutes: minutes(sent),
        inbound: sent.filter((c) => c.direction === 'in').length,
        outbound: sent.filter((c) => c.direction === 'out').length,
      });
    }
    expect(report.totals).toMatchObject({ calls: inPeriod.length, minutes: minutes(inPeriod) });

    const hourOf = (c: CallHook) => Number(c.started_at.slice(11, 13));
    const inHours = inPeriod.filter((c) => hourOf(c) >= 9 && hourOf(c) < 18);
    expect(report.hours.map((h: { hour: number }) => h.hour)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(report.hours.map((h: { calls: number }) => h.calls)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17].map((h) => inHours.filter((c) => hourOf(c) === h).length));
    expect(report.outsideHours).toBe(1);
    // Ivanov's hour 15 is empty: the idle stretch the head of sales asked to see.
    const ivanov = report.managers.find((m: { manager: string }) => m.manager === 'ivanov');
    expect(ivanov.hours[15 - 9]).toBe(0);
    expect(ivanov.gaps).toEqual([{ date: DAY, from: '15:00', to: '16:30', minutes: 90 }]);
    expect(report.managers.find((m: { manager: string }) => m.manager === 'petrova').gaps).toEqual([]);

    // A stricter threshold finds Petrova's 40-minute rhythm too; a looser one hides Ivanov's gap.
    const strict = (await app.as('manager').get(`/api/tables/call_records/report?from=${DAY}&to=${DAY}&calendar=ru&gapMinutes=30`).expect(200)).body;
    expect(strict.managers.find((m: { manager: string }) => m.manager === 'petrova').gaps.length).toBeGreaterThan(0);
    const loose = (await app.as('manager').get(`/api/tables/call_records/report?from=${DAY}&to=${DAY}&calendar=ru&gapMinutes=91`).expect(200)).body;
    expect(loose.managers.every((m: { gaps: unknown[] }) => m.gaps.length === 0)).toBe(true);
  });

  it('refuses report queries it cannot answer with a 400 naming the field', async () => {
    const field = async (query: string) => (await app.as('manager').get(`/api/tables/call_records/report?${query}`).expect(400)).body.field;
    expect(await field(`from=${DAY}&to=2026-02-01`)).toBe('to');
    expect(await field(`from=${DAY}&to=${DAY}&dayStart=18:00&dayEnd=09:00`)).toBe('dayEnd');
    expect(await field(`from=${DAY}&to=${DAY}&manager=nope`)).toBe('manager');
    expect(await field(`from=${DAY}&to=${DAY}&startedAt=manager`)).toBe('startedAt');
    expect(await field(`from=${DAY}&to=${DAY}&calendar=zz`)).toBe('calendar');
    expect(await field(`from=${DAY}&to=${DAY}&timezone=Mars/Base`)).toBe('timezone');
  });
});
