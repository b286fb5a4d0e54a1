import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';

const ruXml = (year: number) => readFileSync(path.join(__dirname, '../../server/src/calendars/data', `ru-${year}.xml`), 'utf8');

describe('production calendars API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists the built-in calendars by short id with their weekends and time zones', async () => {
    const { body } = await app.as('manager').get('/api/calendars').expect(200);
    const byId = new Map((body as { id: string }[]).map((c) => [c.id, c]));
    expect([...byId.keys()]).toEqual(expect.arrayContaining(['ru', 'il', 'es', 'us', 'de']));
    expect(byId.get('ru')).toMatchObject({ weekend: [6, 7], timezone: 'Europe/Moscow', years: [2024, 2025, 2026, 2027] });
    expect(byId.get('il')).toMatchObject({ weekend: [5, 6], timezone: 'Asia/Jerusalem' });
  });

  it('lists every date of a year with its type and the yearly summary', async () => {
    const { body } = await app.as('analyst').get('/api/calendars/ru/days?year=2025').expect(200);
    expect(body.days).toHaveLength(365);
    const day = (date: string) => body.days.find((d: { date: string }) => d.date === date);
    expect(day('2025-11-01')).toMatchObject({ type: 'workday', working: true, hours: 8 });
    expect(day('2025-11-04')).toMatchObject({ type: 'holiday', working: false, name: 'День народного единства' });
    expect(day('2025-11-03')).toMatchObject({ type: 'dayoff', working: false });
    expect(day('2025-03-07')).toMatchObject({ type: 'short', working: true, hours: 7 });
    expect(day('2025-11-08')).toMatchObject({ type: 'weekend', working: false });
    expect(day('2025-11-05')).toMatchObject({ type: 'work', working: true, hours: 8 });
    expect(body.summary).toMatchObject({ year: 2025, workdays: 247 });
    expect(body.summary.months).toHaveLength(12);
    const il = (await app.http().get('/api/calendars/il/days?year=2026').expect(200)).body;
    expect(il.days.find((d: { date: string }) => d.date === '2026-03-06')).toMatchObject({ type: 'weekend', working: false });
  });

  it('answers 400 naming the field for a bad year and 404 for an unknown calendar', async () => {
    expect((await app.http().get('/api/calendars/ru/days').expect(400)).body.message).toMatch(/'year'/);
    await app.http().get('/api/calendars/xx/days?year=2026').expect(404);
  });

  it('imports an xmlcalendar year (dry run) and answers its summary: 2024 has 248 working days, 1979 hours', async () => {
    const { body } = await app.http().post('/api/calendars/ru/import').send({ format: 'xmlcalendar-xml', data: ruXml(2024), dryRun: true }).expect(200);
    expect(body).toMatchObject({ year: 2024, dryRun: true, summary: { workdays: 248, hours: 1979 } });
  });

  it('imports an isdayoff digit string into a new calendar and a CSV correction', async () => {
    await app.http().post('/api/calendars').send({ id: 'kz-test', name: 'Test', weekend: [6, 7], timezone: 'Asia/Almaty' }).expect(201);
    // 2026: Jan 1–2 off, Sat Jan 3 worked, the rest of the year follows the weekend rule.
    const digits = [...Array(365)].map((_, i) => {
      const d = new Date(Date.UTC(2026, 0, 1 + i));
      if (i < 2) return '1';
      if (i === 2) return '0';
      return d.getUTCDay() === 0 || d.getUTCDay() === 6 ? '1' : '0';
    }).join('');
    const imported = await app.http().post('/api/calendars/kz-test/import').send({ format: 'isdayoff', year: 2026, data: digits }).expect(200);
    expect(imported.body).toMatchObject({ year: 2026, days: 3 });
    const days = (await app.http().get('/api/calendars/kz-test/days?year=2026').expect(200)).body.days;
    expect(days.slice(0, 3).map((d: { type: string }) => d.type)).toEqual(['holiday', 'holiday', 'workday']);

    await app.http().post('/api/calendars/kz-test/import').send({ format: 'csv', data: 'date,type,name\n2026-03-09,holiday,Women\n2026-03-07,short,\n' }).expect(200);
    const after = (await app.http().get('/api/calendars/kz-test/days?year=2026').expect(200)).body.days;
    expect(after.find((d: { date: string }) => d.date === '2026-03-09')).toMatchObject({ type: 'holiday', name: 'Women' });
    // An import replaces the whole year.
    expect(after[2]).toMatchObject({ type: 'weekend' });
  });

  it('rejects uploads that are not one clean year, naming the field', async () => {
    const post = (body: object) => app.http().post('/api/calendars/ru/import').send(body).expect(400);
    expect((await post({ format: 'csv', data: '2026-01-01,holiday,a\n2026-01-01,holiday,b' })).body.message).toMatch(/'days\[1\]\.date' 2026-01-01 is listed twice/);
    expect((await post({ format: 'csv', data: '2026-01-01,holiday,a\n2027-01-01,holiday,b' })).body.message).toMatch(/'days\[1\]\.date' 2027-01-01 is not in 2026/);
    expect((await post({ format: 'csv', data: '2026-01-05,workday,Monday' })).body.message).toMatch(/'days\[0\]\.type'.*only a weekend day/);
    expect((await post({ format: 'csv', data: '2026-01-05,party,x' })).body.message).toMatch(/'days\[0\]\.type'/);
    expect((await post({ format: 'isdayoff', year: 2026, data: '0101' })).body.message).toMatch(/365 days/);
    expect((await post({ format: 'yaml', data: 'x' })).body.message).toMatch(/'format'/);
  });

  it('lets admins only edit single days, validated', async () => {
    await app.as('analyst').put('/api/calendars/ru/days/2027-12-30').send({ type: 'short' }).expect(403);
    expect((await app.http().put('/api/calendars/ru/days/2027-12-29').send({ type: 'workday' }).expect(400)).body.message).toMatch(/'type'/);
    expect((await app.http().put('/api/calendars/ru/days/2027-02-30').send({ type: 'holiday' }).expect(400)).body.message).toMatch(/'date'/);
    const res = await app.http().put('/api/calendars/ru/days/2027-12-30').send({ type: 'short' }).expect(200);
    expect(res.body).toMatchObject({ type: 'short', working: true, summary: { year: 2027 } });
  });

  it('previews expressions on a chosen calendar and time zone', async () => {
    const preview = (body: object) => app.http().post('/api/expressions/preview').send(body).expect(200);
    expect((await preview({ template: `{{ $workdays.add('2026-12-28', 5) }}` })).body.value).toBe('2027-01-13');
    expect((await preview({ template: `{{ $workdays.isWorkday('2026-03-06') }}`, calendar: 'il', timezone: 'Asia/Jerusalem' })).body.value).toBe(false);
    expect((await preview({ template: `{{ $formatDate('2026-03-06T22:30:00Z', 'dd.MM.yyyy HH:mm') }}`, timezone: 'Asia/Jerusalem' })).body.value).toBe('07.03.2026 00:30');
    expect((await app.http().post('/api/expressions/preview').send({ template: '{{ 1 }}', calendar: 'nowhere' }).expect(400)).body.message).toMatch(/'calendar'/);
    expect((await app.http().post('/api/expressions/preview').send({ template: '{{ 1 }}', timezone: 'Mars/Olympus' }).expect(400)).body.message).toMatch(/'timezone'/);
  });

  it('stores a flow’s calendar and time zone with its graph and refuses an unknown zone', async () => {
    const graph = { settings: { calendar: 'il', timezone: 'Asia/Jerusalem' }, nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] };
    const flow = await app.http().post('/api/flows').send({ name: 'Israel', graph }).expect(201);
    expect((await app.http().get(`/api/flows/${flow.body.id}`).expect(200)).body.graph.settings).toEqual({ calendar: 'il', timezone: 'Asia/Jerusalem' });
    const bad = await app.http().post('/api/flows').send({ name: 'Bad', graph: { ...graph, settings: { timezone: 'Mars/Olympus' } } }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/settings\.timezone/);
    // A draft may name a calendar that does not exist yet; publishing refuses it.
    const draft = await app.http().post('/api/flows').send({ name: 'Later', graph: { ...graph, settings: { calendar: 'later' } } }).expect(201);
    const refused = await app.http().post(`/api/flows/${draft.body.id}/publish`).expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/Unknown production calendar 'later'/);
  });
});
