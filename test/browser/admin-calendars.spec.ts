/**
 * The production-calendar page is the admin's: a year of month grids where a click cycles a day's
 * type, stored at once; other roles neither see the link nor the page.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();

describe('the production calendars page', () => {
  it('shows an admin twelve months and stores a clicked day', async () => {
    const page = await h.newPage();
    await step(page, 'open-calendars', async () => {
      await login(page, 'admin');
      await page.getByTestId('nav-calendars').click();
      await page.getByTestId('calendars-page').waitFor();
      await until('twelve month grids', () => page.getByTestId('calendar-month').count(), (n) => n === 12);
      await screenshot(page, 'admin-calendars');
    }, h);

    await step(page, 'cycle-a-day', async () => {
      const year = Number(await page.getByTestId('calendar-year').textContent());
      // The third Wednesday of June is a plain working day on the Russian calendar in any of its years.
      const date = (await page.locator('[data-testid="calendar-day"][data-type="work"]').evaluateAll(
        (els, y) => els.map((e) => e.getAttribute('data-date') as string).find((d) => d.startsWith(`${y}-06-1`)), year,
      ))!;
      await page.locator(`[data-testid="calendar-day"][data-date="${date}"]`).click();
      await until(`${date} shown as a holiday`, () => page.locator(`[data-testid="calendar-day"][data-date="${date}"]`).getAttribute('data-type'), (t) => t === 'holiday');
      const api = await h.api('admin');
      const stored = await api.get(`/api/calendars/ru/days?year=${year}`);
      expect(stored.days.find((d: { date: string }) => d.date === date)).toMatchObject({ type: 'holiday', working: false });
      // Cycling on through day off and short day comes back to a plain working day.
      for (const type of ['dayoff', 'short', 'work']) {
        await page.locator(`[data-testid="calendar-day"][data-date="${date}"]`).click();
        await until(`${date} shown as ${type}`, () => page.locator(`[data-testid="calendar-day"][data-date="${date}"]`).getAttribute('data-type'), (t) => t === type);
      }
    }, h);
  });

  it('lets an analyst pick a flow’s calendar and time zone in the editor, saved with the graph', async () => {
    const page = await h.newPage();
    const api = await h.api('analyst');
    const flows = await api.get('/api/flows');
    const flowId = flows[0].id as string;
    await step(page, 'flow-settings', async () => {
      await login(page, 'analyst');
      await page.goto(`/flows/${flowId}`);
      await page.getByTestId('flow-settings').waitFor();
      await page.getByTestId('flow-calendar').selectOption('il');
      await page.getByTestId('flow-timezone').fill('Asia/Jerusalem');
      await page.getByTestId('flow-timezone').press('Enter');
      const saved = await until('the settings saved with the draft', async () => (await api.get(`/api/flows/${flowId}`)).graph.settings, (s) => s?.calendar === 'il' && s?.timezone === 'Asia/Jerusalem');
      expect(saved).toEqual({ calendar: 'il', timezone: 'Asia/Jerusalem' });
    }, h);
  });

  it('hides the page from an analyst', async () => {
    const page = await h.newPage();
    await step(page, 'analyst-no-calendars', async () => {
      await login(page, 'analyst');
      await page.getByTestId('flows-list').waitFor();
      expect(await page.getByTestId('nav-calendars').count()).toBe(0);
      await page.goto('/admin/calendars');
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('calendar-day').count()).toBe(0);
    }, h);
  });
});
