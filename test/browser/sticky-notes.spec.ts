/**
 * Sticky notes: an analyst explains a part of the flow in a note that is saved with the draft,
 * comes back after a reload, and goes away with Delete; the flow runs as if it were not there.
 */
import { login, sharedBrowserHarness, step, until } from './support/browser-harness';
import { nodeById, waitSaved } from './support/editor';

const h = sharedBrowserHarness();

describe('sticky notes', () => {
  it('are written on the canvas, saved with the draft, and deleted like nodes', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', { name: 'Explained flow', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {}, position: { x: 300, y: 200 } }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await nodeById(page, 'start').waitFor();

    await step(page, 'write-a-note', async () => {
      await page.getByTestId('add-note').click();
      await page.getByTestId('sticky-note-text').fill('Ask accounting before changing the VAT rate');
      await waitSaved(page);
      const saved = await until('the note on the server', async () => (await api.get(`/api/flows/${flow.id}`)).graph.notes ?? [], (notes) => notes.length === 1);
      expect(saved[0]).toMatchObject({ text: 'Ask accounting before changing the VAT rate', color: 'yellow' });
    }, h);

    await step(page, 'after-a-reload', async () => {
      await page.reload();
      await until('the note back', () => page.getByTestId('sticky-note-text').inputValue(), (text) => text === 'Ask accounting before changing the VAT rate');
    }, h);

    await step(page, 'delete-it', async () => {
      const note = page.getByTestId('sticky-note');
      const box = (await note.boundingBox())!;
      // Its edge, not its text: a click in the text edits it.
      await page.mouse.click(box.x + 3, box.y + 3);
      await page.keyboard.press('Delete');
      await until('no note on the canvas', () => page.getByTestId('sticky-note').count(), (n) => n === 0);
      await waitSaved(page);
      await until('no note on the server', async () => ((await api.get(`/api/flows/${flow.id}`)).graph.notes ?? []).length, (n) => n === 0);
    }, h);
  });
});
