/**
 * An analyst makes runs of the same deal wait for each other and caps the runs of a flow from the
 * editor's toolbar, without touching the flow JSON; a cap the engine would refuse is said at once.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { waitSaved } from './support/editor';

const h = sharedBrowserHarness();

describe('runs at once', () => {
  it('serialises runs per business key and caps them, saved with the draft', async () => {
    const analyst = await h.api('analyst');
    const flow = await analyst.post('/api/flows', { name: 'Deal stage to invoice', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await page.getByTestId('flow-name').waitFor();
    expect(await page.getByTestId('flow-concurrency').getAttribute('data-on')).toBe('false');

    await step(page, 'concurrency-refuses-a-bad-cap', async () => {
      await page.getByTestId('flow-concurrency').click();
      await page.getByTestId('concurrency-max').fill('0');
      await page.getByTestId('concurrency-save').click();
      expect(await page.getByTestId('concurrency-dialog').getByRole('alert').textContent()).toContain('1 to 10000');
    }, h);

    await step(page, 'concurrency-dialog', async () => {
      await page.getByTestId('concurrency-per-key').check();
      await page.getByTestId('concurrency-max').fill('20');
      await screenshot(page, 'flow-concurrency-dialog');
      await page.getByTestId('concurrency-save').click();
      await waitSaved(page);
    }, h);

    const saved = await until('the draft to hold the limits', async () => (await analyst.get(`/api/flows/${flow.id}`)).graph.settings, (s) => !!s?.concurrency);
    expect(saved.concurrency).toEqual({ perBusinessKey: true, maxRuns: 20 });
    expect(await page.getByTestId('flow-concurrency').getAttribute('data-on')).toBe('true');
    expect(await page.getByTestId('flow-concurrency').getAttribute('title')).toContain('one at a time per business key, at most 20');

    await step(page, 'concurrency-removed', async () => {
      await page.getByTestId('flow-concurrency').click();
      await page.getByTestId('concurrency-per-key').uncheck();
      await page.getByTestId('concurrency-max').fill('');
      await page.getByTestId('concurrency-save').click();
      await waitSaved(page);
    }, h);
    await until('the limits to be gone', async () => (await analyst.get(`/api/flows/${flow.id}`)).graph.settings, (s) => !s?.concurrency);
  });
});
