/**
 * A schedule trigger says when it will fire: its inspector lists the next fire times of the cron as
 * drawn, on the clock of its time zone, follows edits, and says in place when the cron cannot be read.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { nodeById, selectNode, setField } from './support/editor';

const h = sharedBrowserHarness();

describe('the next fire times of a schedule', () => {
  it('lists them in the inspector of a draft schedule trigger and follows its edits', async () => {
    const api = await h.api('analyst');
    const flow = await api.post('/api/flows', {
      name: 'Weekday report',
      graph: {
        nodes: [
          { id: 'tick', type: 'core.schedule', params: { cron: '0 9 * * 1-5', timezone: 'Europe/Moscow' }, position: { x: 0, y: 0 } },
          { id: 'report', type: 'core.map', params: { fields: { ok: true } }, position: { x: 300, y: 0 } },
        ],
        edges: [{ from: 'tick', to: 'report' }],
      },
    });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await nodeById(page, 'tick').waitFor();
    const times = page.getByTestId('schedule-time');
    const shown = async () => ({
      label: (await page.getByTestId('schedule-preview').locator('.form-label').textContent()) ?? '',
      times: await times.allTextContents(),
      at: await times.evaluateAll((items) => items.map((li) => (li as unknown as { dataset: { at: string } }).dataset.at)),
    });

    await step(page, 'weekdays-at-nine', async () => {
      await selectNode(page, 'tick');
      const list = await until('five fire times', shown, (s) => s.times.length === 5);
      expect(list.label).toContain('Europe/Moscow');
      // Nine in Moscow is six UTC, on weekdays only.
      for (const at of list.at) {
        expect(at).toMatch(/T06:00:00\.000Z$/);
        expect([0, 6]).not.toContain(new Date(at).getUTCDay());
      }
      expect(list.times.every((text) => text.includes('09:00'))).toBe(true);
      await screenshot(page, 'schedule-preview');
    }, h);

    await step(page, 'edited-cron', async () => {
      await setField(page, 'cron', '30 10 * * *');
      await until('the times of the new cron', shown, (s) => s.times.length === 5 && s.times.every((text) => text.includes('10:30')));
    }, h);

    await step(page, 'unreadable-cron', async () => {
      await setField(page, 'cron', '61 * * *');
      const error = page.getByTestId('schedule-preview-error');
      await until('the cron refused in place', async () => (await error.textContent().catch(() => '')) ?? '', (text) => text.includes('cron'));
    }, h);
  });
});
