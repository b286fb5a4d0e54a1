/**
 * Versions say what changed: the second version of a flow, published from the editor with a note,
 * lists the node it added and the param it changed against the first; the draft compares against a
 * version too; publishing again without changes is refused in the analyst's language.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();

describe('version diff', () => {
  it('shows the nodes added and the params changed between two versions, with the publish note', async () => {
    const api = await h.api('analyst');
    const graph = (amount: number, extra = false) => ({
      nodes: [
        { id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } },
        { id: 'pause', type: 'core.delay', name: 'Wait before the reminder', params: { amount, unit: 'hours' }, position: { x: 280, y: 0 } },
        ...(extra ? [{ id: 'note', type: 'core.map', name: 'Reminder text', params: { fields: { text: 'Please pay' } }, position: { x: 560, y: 0 } }] : []),
      ],
      edges: [{ from: 'start', to: 'pause' }, ...(extra ? [{ from: 'pause', to: 'note' }] : [])],
    });
    const flow = await api.post('/api/flows', { name: 'Reminder', graph: graph(2) });
    await api.post(`/api/flows/${flow.id}/publish`, {});
    const current = await api.get(`/api/flows/${flow.id}`);
    await api.put(`/api/flows/${flow.id}`, { graph: graph(4, true), revision: current.revision });

    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await page.getByTestId('flow-name').waitFor();

    await step(page, 'publish-with-a-note', async () => {
      await until('publish to be allowed', () => page.getByTestId('publish').isEnabled(), Boolean);
      await page.getByTestId('publish').click();
      await page.getByTestId('publish-note').fill('Wait longer, then write the reminder');
      await screenshot(page, 'publish-note');
      await page.getByTestId('publish-dialog').getByTestId('confirm-ok').click();
      await until('version 2 to be live', () => page.getByTestId('published-version').getAttribute('data-version'), (v) => v === '2');
      expect(await page.getByTestId('publish-dialog').count()).toBe(0);
      const versions: { version: number; note: string | null }[] = await api.get(`/api/flows/${flow.id}/versions`);
      expect(versions.find((v) => v.version === 2)?.note).toBe('Wait longer, then write the reminder');
    }, h);

    await step(page, 'what-changed-in-v2', async () => {
      await page.getByTestId('versions').click();
      const v2 = page.locator('[data-testid="version-item"][data-version="2"]');
      expect(await v2.getByTestId('version-note').textContent()).toBe('Wait longer, then write the reminder');
      await v2.getByTestId('version-changes').click();
      const diff = page.getByTestId('version-diff');
      await until('the diff', async () => (await diff.textContent()) ?? '', (text) => text.includes('Reminder text') && text.includes('params.amount'));
      expect(await diff.getByTestId('diff-added').textContent()).toContain('note');
      const changed = await diff.getByTestId('diff-changed').textContent();
      expect(changed).toContain('Wait before the reminder');
      expect(changed).toMatch(/params\.amount\s*2\s*→\s*4/);
      expect(await diff.getByTestId('diff-edges').textContent()).toContain('pause → note');
      await screenshot(page, 'version-diff');
      await page.keyboard.press('Escape');
    }, h);

    await step(page, 'v2-against-the-draft', async () => {
      await until('the dialog to close', () => page.getByTestId('version-diff').count(), (n) => n === 0);
      await page.getByTestId('versions').click();
      await page.locator('[data-testid="version-item"][data-version="2"]').getByTestId('version-vs-draft').click();
      await page.getByTestId('diff-empty').waitFor();
      await page.keyboard.press('Escape');
    }, h);

    await step(page, 'nothing-to-publish-in-spanish', async () => {
      await page.goto('/flows');
      await page.getByTestId('language-switch').selectOption('es');
      await page.goto(`/flows/${flow.id}`);
      await until('publish to be allowed', () => page.getByTestId('publish').isEnabled(), Boolean);
      await page.getByTestId('publish').click();
      await page.getByTestId('publish-dialog').getByTestId('confirm-ok').click();
      const error = page.getByTestId('publish-error');
      await until('the refusal in Spanish', async () => (await error.textContent()) ?? '', (text) => text === 'No hay nada que publicar: el borrador funciona exactamente como la versión 2.');
      await screenshot(page, 'nothing-to-publish-es');
      expect(await page.getByTestId('published-version').getAttribute('data-version')).toBe('2');
    }, h);
  });
});
