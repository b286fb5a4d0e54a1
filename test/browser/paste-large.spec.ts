/**
 * A paste that makes a flow large (250 nodes) stays drawn: the canvas shows the pasted nodes in view
 * and the minimap shows all of them, without pressing fit first.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { nodeById, type BrowserGlobal } from './support/editor';

const h = sharedBrowserHarness();

describe('pasting many nodes', () => {
  it('keeps 250 pasted nodes drawn on the canvas and in the minimap', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', { name: 'Large paste', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await nodeById(page, 'start').waitFor();

    await step(page, 'paste-250', async () => {
      // What copying 250 nodes puts on the editor's clipboard: a grid of maps wired in a chain.
      const clip = {
        nodes: Array.from({ length: 250 }, (_, i) => ({ id: `m${i}`, position: { x: 300 + (i % 25) * 280, y: (Math.floor(i / 25)) * 140 }, data: { type: 'core.map', params: { fields: { i: String(i) } } } })),
        edges: Array.from({ length: 249 }, (_, i) => ({ source: `m${i}`, sourceHandle: 'out', target: `m${i + 1}` })),
      };
      await page.evaluate((json: string) => (globalThis as BrowserGlobal).localStorage.setItem('flowbridge.clipboard', json), JSON.stringify(clip));
      await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
      await page.keyboard.press('Control+v');
      const minimapNodes = page.locator('.react-flow__minimap-node');
      await until('the minimap to show every node', () => minimapNodes.count(), (n) => n >= 251, 20_000);
      await until('pasted nodes drawn in view', () => page.locator('[data-testid="node"][data-node-type="core.map"]').count(), (n) => n > 0, 20_000);
      await screenshot(page, 'paste-250-nodes');
    }, h);
    await until('the server to have all of them', async () => (await api.get(`/api/flows/${flow.id}`)).graph.nodes.length, (n) => n === 251, 20_000);
  });
});
