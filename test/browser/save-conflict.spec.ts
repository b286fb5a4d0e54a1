/**
 * Two tabs on one flow: the second save meets the first one's revision, and the analyst chooses
 * between overwriting and reloading instead of one save silently winning.
 */
import { Client } from 'pg';
import { DEMO_PASSWORD, demoEmail, login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { waitSaved } from './support/editor';

const h = sharedBrowserHarness();

describe('saving from two tabs', () => {
  it('asks who wins when another tab saved meanwhile, and reloads the other tab’s draft on request', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', { name: 'Shared flow', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } });
    const [tabA, tabB] = [await h.newPage(), await h.newPage()];
    for (const tab of [tabA, tabB]) {
      await login(tab, 'analyst');
      await tab.goto(`/flows/${flow.id}`);
      await tab.getByTestId('flow-name').waitFor();
    }

    await step(tabA, 'tab-a-saves', async () => {
      await tabA.getByTestId('flow-name').fill('Renamed in tab A');
      await tabA.getByTestId('flow-name').press('Enter');
      await waitSaved(tabA);
    }, h);

    await step(tabB, 'tab-b-conflict', async () => {
      await tabB.getByTestId('flow-name').fill('Renamed in tab B');
      await tabB.getByTestId('flow-name').press('Enter');
      await tabB.getByTestId('confirm-ok').waitFor();
      const dialog = await tabB.locator('[role="dialog"], .modal').first().textContent();
      expect(dialog).toContain('analyst@flowbridge.local');
      await screenshot(tabB, 'save-conflict-dialog');
      await tabB.getByTestId('confirm-cancel').click();
      await until('tab B to show tab A’s draft', () => tabB.getByTestId('flow-name').inputValue(), (v) => v === 'Renamed in tab A');
    }, h);

    expect((await api.get(`/api/flows/${flow.id}`)).name).toBe('Renamed in tab A');

    await step(tabB, 'tab-b-overwrites', async () => {
      await tabA.getByTestId('flow-name').fill('Tab A again');
      await tabA.getByTestId('flow-name').press('Enter');
      await waitSaved(tabA);
      await tabB.getByTestId('flow-name').fill('Tab B wins');
      await tabB.getByTestId('flow-name').press('Enter');
      await tabB.getByTestId('confirm-ok').click();
      await waitSaved(tabB);
      await until('the server to hold tab B’s name', async () => (await api.get(`/api/flows/${flow.id}`)).name, (name) => name === 'Tab B wins');
    }, h);
  });

  it('keeps an edit made after the session expired and lands back on the flow after signing in', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', { name: 'Long edit', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await page.getByTestId('flow-name').waitFor();

    await step(page, 'session-expires', async () => {
      // Typed first, committed after the session is gone: a poll meeting the 401 in between would
      // leave for the login page before the typing could start, but never after it.
      await page.getByTestId('flow-name').fill('Edited after expiry');
      const db = new Client({ connectionString: h.db.url });
      await db.connect();
      await db.query(`delete from sessions`);
      await db.end();
      // A poll may already have met the 401 and left for the login page (committing the name as it
      // went): Enter goes to whatever holds focus rather than waiting for an input that is gone.
      await page.keyboard.press('Enter');
      await page.getByTestId('login-email').waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).searchParams.get('next')).toBe(`/flows/${flow.id}`);
    }, h);

    await step(page, 'back-on-the-flow', async () => {
      await page.getByTestId('login-email').fill(demoEmail('analyst'));
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await until('the editor of the same flow', () => Promise.resolve(new URL(page.url()).pathname), (p) => p === `/flows/${flow.id}`);
      await until('the kept edit', () => page.getByTestId('flow-name').inputValue(), (v) => v === 'Edited after expiry');
      await until('the server to have it', async () => (await api.get(`/api/flows/${flow.id}`)).name, (name) => name === 'Edited after expiry');
    }, h);
  });
});
