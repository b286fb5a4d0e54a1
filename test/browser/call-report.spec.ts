/**
 * Seed 002's head of sales: call records in a data table, the report page draws calls and minutes per
 * manager and calls per hour, shows the idle afternoon, and hands the figures over as CSV and PNG.
 * A wrong CSV import is explained line by line in the table view.
 */
import { readFile } from 'node:fs/promises';
import { browserErrors, login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();
const DAY = '2026-03-03'; // a Tuesday, a working day on the RU calendar

describe('call report', () => {
  let tableId: string;

  beforeAll(async () => {
    const analyst = await h.api('analyst');
    const created = await analyst.post('/api/templates/call-records/instantiate', { publish: false, params: { table: 'browser_calls' } });
    expect(created.flows).toHaveLength(1);
    const table = await analyst.get('/api/tables/browser_calls');
    tableId = table.id;
    const rows = [];
    // Sidorov calls every 20 minutes from 09:00; his 14:55 call ends at 15:00 and the next is at 16:30.
    const starts = [...Array.from({ length: 18 }, (_, i) => 9 * 60 + i * 20), 14 * 60 + 55, 16 * 60 + 30, 16 * 60 + 50, 17 * 60 + 10, 17 * 60 + 30, 17 * 60 + 50];
    for (const [i, m] of starts.entries()) {
      const hh = String(Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      rows.push({ callId: `s-${hh}${mm}`, manager: 'sidorov', startedAt: `${DAY}T${hh}:${mm}:00+03:00`, durationSec: m === 14 * 60 + 55 ? 300 : 120, direction: i % 2 ? 'in' : 'out', phone: '+79160000001' });
    }
    rows.push({ callId: 'k-1', manager: 'kuznetsova', startedAt: `${DAY}T10:05:00+03:00`, durationSec: 600, direction: 'in', phone: '+79160000002' });
    await analyst.post(`/api/tables/${tableId}/rows`, { rows, mode: 'upsert' });
  });

  it('draws the figures of a day and downloads them as CSV and the chart as PNG', async () => {
    const page = await h.newPage({ viewport: { width: 1400, height: 1000 } });
    await login(page, 'manager');
    await step(page, 'open-report', async () => {
      await page.getByTestId('nav-tables').click();
      await page.locator('[data-testid="table-row"][data-name="browser_calls"]').getByTestId('table-report-link').click();
      await page.getByTestId('report-page').waitFor();
      await page.getByTestId('report-from').fill(DAY);
      await page.getByTestId('report-to').fill(DAY);
      await page.getByTestId('report-calendar').selectOption('ru');
      await page.getByTestId('report-gap').fill('45');
      await page.getByTestId('report-show').click();
      await until('the report of the day', async () => page.getByTestId('report-totals').getAttribute('data-calls'), (calls) => calls === '25');
    }, h);

    const sidorov = page.locator('[data-testid="report-manager"][data-manager="sidorov"]');
    expect(await sidorov.getAttribute('data-calls')).toBe('24');
    expect(await sidorov.getAttribute('data-minutes')).toBe('51');
    expect(await sidorov.getByTestId('report-gaps').innerText()).toContain(`${DAY} 15:00–16:30 (90 min)`);
    const idleHours = await sidorov.locator('[data-testid="report-hour-cell"][data-idle="true"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-hour')));
    expect(idleHours).toEqual(['15', '16']);
    // The charts are drawn: a canvas with pixels, not an empty box.
    const drawn = await page.getByTestId('report-hours-chart').evaluate((canvas) => (canvas as unknown as { toDataURL(type: string): string }).toDataURL('image/png').length);
    expect(drawn).toBeGreaterThan(3000);
    await screenshot(page, 'call-report');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`browser_calls-report-${DAY}-${DAY}.csv`);
    const text = await readFile((await csv.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('Manager,Calls,Minutes,Inbound,Outbound,Idle minutes,Idle gaps');
    expect(text).toContain(`sidorov,24,51,`);
    expect(text).toContain(`${DAY} 15:00-16:30`);
    expect(text).toContain('kuznetsova,1,10,1,0,');

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-managers-chart-png').click()]);
    expect(png.suggestedFilename()).toBe('browser_calls-managers.png');
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // The session check before signing in answers 401 by design; nothing else may fail.
    expect(browserErrors(page).filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('shows an analyst each bad cell of a CSV import and imports nothing', async () => {
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/tables/${tableId}`);
    await page.getByTestId('table-page').waitFor();
    // The count shows once the rows are in; read before that, it is empty.
    const before = await until('the row count', () => page.getByTestId('rows-total').innerText(), (t) => t.trim() !== '');
    await step(page, 'bad-import', async () => {
      await page.getByTestId('csv-text').fill('callId,manager,startedAt,durationSec\nx-1,ivanov,2026-03-03T09:00:00Z,long\nx-2,,2026-03-03T09:10:00Z,30\n');
      await page.getByTestId('csv-import').click();
      await page.getByTestId('csv-errors').waitFor();
    }, h);
    const problems = await page.getByTestId('csv-errors').locator('li').allInnerTexts();
    expect(problems).toEqual([expect.stringMatching(/^Line 2, column durationSec: /), 'Line 3, column manager: manager is required']);
    expect(await page.getByTestId('rows-total').innerText()).toBe(before);

    await page.getByTestId('filter-column').selectOption('manager');
    await page.getByTestId('filter-value').fill('kuznetsova');
    await page.getByTestId('filter-add').click();
    await until('the filtered rows', () => page.getByTestId('data-row').count(), (n) => n === 1);
    expect(await page.getByTestId('data-row').locator('[data-column="callId"]').innerText()).toBe('k-1');
  });
});
