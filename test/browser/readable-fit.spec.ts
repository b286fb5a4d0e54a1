/**
 * Fitting never shrinks a flow past reading: a 5-node flow opens with its labels at a readable
 * size, and the toolbar's fit, the F key and the canvas' own fit button keep a long flow readable,
 * showing its start (the rest is scrolled to) instead of the whole flow in 6 px labels.
 */
import type { Page } from 'playwright-core';
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { nodeById, type BrowserGlobal } from './support/editor';

const h = sharedBrowserHarness();

/** READABLE_ZOOM in web/src/editor/canvas/readableFit.ts. */
const READABLE = 0.75;

/** A trigger and `count - 1` mapping steps in a row, spaced as the auto-layout spaces them. */
const chain = (count: number) => ({
  nodes: Array.from({ length: count }, (_, i) => i === 0
    ? { id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } }
    : { id: `step${i}`, type: 'core.map', name: `Step ${i}`, params: { fields: { n: String(i) } }, position: { x: i * 336, y: 0 } }),
  edges: Array.from({ length: count - 1 }, (_, i) => ({ from: i === 0 ? 'start' : `step${i}`, to: `step${i + 1}` })),
});

const zoom = (page: Page) => page.locator('[data-testid="canvas"] .react-flow__viewport')
  .evaluate((el: BrowserGlobal) => {
    const window = globalThis as BrowserGlobal;
    return new window.DOMMatrix(window.getComputedStyle(el).transform).a as number;
  });
/** The size a node's title is drawn at on screen: its font size times the canvas zoom. */
const titlePx = async (page: Page, id: string) => (await nodeById(page, id).locator('.flow-node-title')
  .evaluate((el: BrowserGlobal) => parseFloat((globalThis as BrowserGlobal).getComputedStyle(el).fontSize) as number)) * (await zoom(page));
const canvasBox = async (page: Page) => (await page.getByTestId('canvas').boundingBox())!;
const nodeBox = async (page: Page, id: string) => (await nodeById(page, id).boundingBox())!;

async function zoomOut(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) await page.locator('.react-flow__controls-zoomout').click();
  await until('the canvas zoomed out below reading', () => zoom(page), (z) => z < READABLE / 1.5);
}

async function open(page: Page, flowId: string): Promise<void> {
  await page.goto(`/flows/${flowId}`);
  await nodeById(page, 'start').waitFor();
}

describe('a readable fit', () => {
  it('opens a 5-node flow with readable labels, and no fit goes below the readable zoom on a long flow', async () => {
    const api = await h.api('analyst');
    const five = await api.post('/api/flows', { name: 'Five steps', graph: chain(5) });
    const long = await api.post('/api/flows', { name: 'Thirty steps', graph: chain(30) });
    const page = await h.newPage();
    await login(page, 'analyst');

    await step(page, 'five-nodes-opened', async () => {
      await open(page, five.id);
      // Fitted whole it would be about 43 %: the readable zoom instead, from the trigger on.
      await until('the flow fitted on open', () => zoom(page), (z) => Math.abs(z - READABLE) < 0.01);
      expect(await titlePx(page, 'start')).toBeGreaterThanOrEqual(9.5);
      const canvas = await canvasBox(page);
      const start = await nodeBox(page, 'start');
      expect(start.x).toBeGreaterThanOrEqual(canvas.x);
      expect(start.x + start.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(start.y).toBeGreaterThanOrEqual(canvas.y);
      await screenshot(page, 'readable-fit-five');
    }, h);

    await step(page, 'five-nodes-fit-button', async () => {
      await zoomOut(page);
      await page.getByTestId('zoom-fit').click();
      await until('the fit to end at the readable zoom', () => zoom(page), (z) => Math.abs(z - READABLE) < 0.01);
      expect(await titlePx(page, 'step4')).toBeGreaterThanOrEqual(9.5);
    }, h);

    await step(page, 'long-flow-every-fit', async () => {
      await open(page, long.id);
      await until('the long flow opened readable', () => zoom(page), (z) => Math.abs(z - READABLE) < 0.01);
      const fits: [string, () => Promise<void>][] = [
        ['the toolbar', () => page.getByTestId('zoom-fit').click()],
        // Focus is on the zoom-out button, not in a field: the shortcut applies.
        ['the F key', () => page.keyboard.press('f')],
        ['the canvas controls', () => page.locator('.react-flow__controls-fitview').click()],
      ];
      for (const [by, fitBy] of fits) {
        await zoomOut(page);
        await fitBy();
        await until(`the fit by ${by} to stop at the readable zoom`, () => zoom(page), (z) => Math.abs(z - READABLE) < 0.01);
        // The start is in view; the end is scrolled to.
        const canvas = await canvasBox(page);
        const start = await nodeBox(page, 'start');
        expect(start.x).toBeGreaterThanOrEqual(canvas.x);
        expect(start.x).toBeLessThan(canvas.x + 100);
        expect((await nodeBox(page, 'step29')).x).toBeGreaterThan(canvas.x + canvas.width);
      }
      await screenshot(page, 'readable-fit-long');
    }, h);
  });
});
