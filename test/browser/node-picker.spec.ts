/**
 * The next node without the palette: Tab after a selected node, or a wire dropped on empty canvas,
 * opens a picker; the chosen node lands there, wired from where the analyst came from.
 */
import { login, sharedBrowserHarness, step, until } from './support/browser-harness';
import { edges, nodeById, nodeIds, selectNode, sourceHandle } from './support/editor';

const h = sharedBrowserHarness();

describe('the node picker', () => {
  it('adds and wires the next node from Tab and from a wire dropped on empty canvas', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', { name: 'Picked by keyboard', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await nodeById(page, 'start').waitFor();

    const mapId = await step(page, 'tab-after-the-trigger', async () => {
      await selectNode(page, 'start');
      await page.keyboard.press('Tab');
      await page.getByTestId('node-picker').waitFor();
      // A trigger cannot follow another node: the picker does not offer one.
      expect(await page.locator('[data-testid="node-picker-item"][data-node-type="core.webhook"]').count()).toBe(0);
      await page.getByTestId('node-picker-search').fill('map');
      await page.keyboard.press('Enter');
      const [id] = await until('a map node', () => nodeIds(page, 'core.map'), (ids) => ids.length === 1);
      await until('the wire start → map', () => edges(page).count(), (n) => n === 1);
      return id;
    }, h);

    await step(page, 'wire-dropped-on-empty-canvas', async () => {
      const handle = sourceHandle(page, mapId, 'out');
      const box = (await handle.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 200, box.y + 120, { steps: 10 });
      await page.mouse.move(box.x + 260, box.y + 160, { steps: 5 });
      await page.mouse.up();
      await page.getByTestId('node-picker').waitFor();
      await page.getByTestId('node-picker-search').fill('if');
      await page.locator('[data-testid="node-picker-item"][data-node-type="core.if"]').click();
      await until('an if node wired from the map', async () => ({ ifs: (await nodeIds(page, 'core.if')).length, wires: await edges(page).count() }), (s) => s.ifs === 1 && s.wires === 2);
    }, h);

    await until('the server to hold both wires', async () => (await api.get(`/api/flows/${flow.id}`)).graph.edges.length, (n) => n === 2, 10_000);
  });
});
