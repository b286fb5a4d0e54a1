/**
 * Connectors are the admin's: only an admin sees the page, its toggles enable a connector for
 * everyone (its nodes reach the analyst's palette), and the demo connections are listed by name.
 */
import { DEMO, login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { fillControl, type BrowserGlobal } from './support/editor';

const h = sharedBrowserHarness();

interface ConnectorView { key: string; enabled: boolean; nodes: { type: string }[] }

describe('the connectors page', () => {
  let connectorsUrl = '';

  it('lets an admin see connectors and connections and enable a connector', async () => {
    const page = await h.newPage();
    const api = await h.api('admin');
    const connectors: ConnectorView[] = await api.get('/api/connectors');
    const disabled = connectors.find((c) => !c.enabled && c.nodes.length > 0);
    if (!disabled) throw new Error(`every connector is enabled already: ${connectors.map((c) => c.key).join(', ')}`);

    await step(page, 'open-connectors', async () => {
      await login(page, 'admin');
      await page.getByTestId('nav-connectors').click();
      await page.getByTestId('connectors-page').waitFor();
      connectorsUrl = page.url();
      const keys = await until('the connector rows', () => page.getByTestId('connector').evaluateAll((els) => els.map((e: BrowserGlobal) => e.getAttribute('data-connector') as string)), (k) => k.length === connectors.length);
      expect([...keys].sort()).toEqual(connectors.map((c) => c.key).sort());
      await until('the demo connections listed', () => page.getByTestId('connections-list').textContent(), (t) => !!t && t.includes(DEMO.connections.kommo) && t.includes(DEMO.connections.easycount));
      await page.getByTestId('new-connection').waitFor({ state: 'visible' });
      await screenshot(page, 'admin-connectors');
    }, h);

    await step(page, 'enable-connector', async () => {
      const toggle = page.locator(`[data-testid="connector"][data-connector="${disabled.key}"]`).getByTestId('connector-toggle');
      expect(await toggle.isChecked()).toBe(false);
      expect(await page.locator('[data-testid="connector"][data-connector="kommo"]').getByTestId('connector-toggle').isChecked()).toBe(true);
      await fillControl(toggle, true);
      await h.api('admin').then((a) => until(`connector ${disabled.key} enabled`, async () => ((await a.get('/api/connectors')) as ConnectorView[]).find((c) => c.key === disabled.key)?.enabled, (e) => e === true));
    }, h);

    // The analyst's palette now offers the connector's nodes.
    const analyst = await h.newPage();
    await step(analyst, 'palette-has-connector', async () => {
      await login(analyst, 'analyst');
      const flows = await (await h.api('analyst')).get('/api/flows');
      await analyst.goto(`/flows/${flows[0].id}`);
      await analyst.getByTestId('palette').waitFor();
      const types = disabled.nodes.map((n) => n.type);
      await until(`a palette item of ${disabled.key}`, () => analyst.getByTestId('palette-item').evaluateAll((els) => els.map((e: BrowserGlobal) => e.getAttribute('data-node-type') as string)), (items) => items.some((t) => types.includes(t)));
    }, h);
  });

  it('hides connectors from an analyst', async () => {
    const page = await h.newPage();
    await step(page, 'analyst-no-connectors', async () => {
      await login(page, 'analyst');
      await page.getByTestId('flows-list').waitFor();
      expect(await page.getByTestId('nav-connectors').count()).toBe(0);
      if (connectorsUrl) {
        await page.goto(connectorsUrl);
        await page.getByTestId('nav-flows').waitFor();
        // The admin route says "not for you" rather than loading and hiding nothing.
        await page.getByTestId('forbidden').waitFor();
        expect(await page.getByTestId('connectors-page').count()).toBe(0);
        expect(await page.getByTestId('connector-toggle').count()).toBe(0);
      }
      await screenshot(page, 'analyst-no-connectors');
    }, h);
  });
});
