/**
 * A run's page beyond the failed-run path: what a waiting run waits for and "fire now" (admins only),
 * bulk cancel from the runs list with rows changing live, loop items by link, and a large trigger
 * output fetched whole into a searchable JSON view.
 */
import { login, screenshot, sharedBrowserHarness, step, until, type BrowserHarness } from './support/browser-harness';
import type { BrowserGlobal } from './support/editor';

const h: BrowserHarness = sharedBrowserHarness(60_000);

interface Fixture { waitFlowId: string; waiting: Map<string, string>; loopRunId: string; parentRunId: string }
let fixture: Promise<Fixture> | undefined;

function setUp(): Promise<Fixture> {
  fixture ??= (async () => {
    const admin = await h.api('admin');
    const waitFlow = await admin.post('/api/flows', {
      name: 'Wait for the payment',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', name: 'Invoice sent', params: { businessKey: '{{ $trigger.dealId }}' }, position: { x: 0, y: 0 } },
          { id: 'paid', type: 'core.waitForEvent', name: 'Payment arrives', params: { eventType: 'payment.succeeded', correlationKey: '{{ $trigger.dealId }}', timeoutAmount: 3, timeoutUnit: 'days' }, position: { x: 280, y: 0 } },
          { id: 'thanks', type: 'core.map', name: 'Thank the customer', params: { fields: { thanked: true } }, position: { x: 560, y: -80 } },
          { id: 'remind', type: 'core.map', name: 'Remind the customer', params: { fields: { reminded: true } }, position: { x: 560, y: 80 } },
        ],
        edges: [{ from: 'start', to: 'paid' }, { from: 'paid', port: 'event', to: 'thanks' }, { from: 'paid', port: 'timeout', to: 'remind' }],
      },
    });
    await admin.post(`/api/flows/${waitFlow.id}/publish`);
    const waiting = new Map<string, string>();
    for (const dealId of ['5001', '5002', '5003']) {
      const { runId } = await admin.post(`/api/flows/${waitFlow.id}/run`, { payload: { dealId } });
      waiting.set(dealId, runId);
    }
    const loopFlow = await admin.post('/api/flows', {
      name: 'Invoice rows',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: { businessKey: '{{ $trigger.dealId }}' }, position: { x: 0, y: 0 } },
          { id: 'rows', type: 'core.forEach', name: 'Each row', params: { items: '{{ $trigger.rows }}' }, position: { x: 280, y: 0 } },
          { id: 'shape', type: 'core.map', name: 'Shape the row', params: { fields: { sku: '{{ $item.sku }}' } }, position: { x: 560, y: -80 } },
          { id: 'after', type: 'core.map', name: 'Count rows', params: { fields: { count: '{{ $steps.rows.count }}' } }, position: { x: 560, y: 80 } },
        ],
        edges: [{ from: 'start', to: 'rows' }, { from: 'rows', port: 'item', to: 'shape' }, { from: 'rows', port: 'done', to: 'after' }],
      },
    });
    await admin.post(`/api/flows/${loopFlow.id}/publish`);
    // A note long enough that the run read shows the trigger's output as a preview only.
    const note = `Deliver to the back door. ${'x'.repeat(40_000)}`;
    const { runId: loopRunId } = await admin.post(`/api/flows/${loopFlow.id}/run`, { payload: { dealId: '6001', note, rows: [{ sku: 'A-1' }, { sku: 'B-2' }, { sku: 'C-3' }] } });
    await until('the loop run to finish', () => admin.get(`/api/runs/${loopRunId}`), (r) => r.status === 'succeeded', 20_000);
    for (const runId of waiting.values()) await until('the run to wait', () => admin.get(`/api/runs/${runId}`), (r) => r.status === 'waiting', 20_000);
    const child = await admin.post('/api/flows', {
      name: 'Send the act',
      graph: { nodes: [{ id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } }, { id: 'act', type: 'core.map', name: 'Make the act', params: { fields: { act: 'A-{{ $trigger.dealId }}' } }, position: { x: 280, y: 0 } }], edges: [{ from: 'start', to: 'act' }] },
    });
    await admin.post(`/api/flows/${child.id}/publish`);
    const parent = await admin.post('/api/flows', {
      name: 'Close the deal',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: { businessKey: '{{ $trigger.dealId }}' }, position: { x: 0, y: 0 } },
          { id: 'sub', type: 'core.subflow', name: 'Send the act', params: { flowId: child.id, input: { dealId: '{{ $trigger.dealId }}' }, timeoutAmount: 1, timeoutUnit: 'days' }, position: { x: 280, y: 0 } },
        ],
        edges: [{ from: 'start', to: 'sub' }],
      },
    });
    await admin.post(`/api/flows/${parent.id}/publish`);
    const { runId: parentRunId } = await admin.post(`/api/flows/${parent.id}/run`, { payload: { dealId: '7001' } });
    await until('the parent run to finish', () => admin.get(`/api/runs/${parentRunId}`), (r) => r.status === 'succeeded', 20_000);
    return { waitFlowId: waitFlow.id, waiting, loopRunId, parentRunId };
  })();
  return fixture;
}

const canvasNode = (id: string) => `[data-testid="run-canvas"] [data-testid="node"][data-node-id="${id}"]`;

describe('a run\'s page', () => {
  it('shows what a waiting run waits for; only an admin fires it now, and it goes on live', async () => {
    const { waiting } = await setUp();
    const manager = await h.newPage();
    await login(manager, 'manager');
    await manager.goto(`/runs/${waiting.get('5002')}`);
    await step(manager, 'manager-sees-the-wait', async () => {
      const wait = manager.getByTestId('run-wait');
      await wait.waitFor();
      expect(await wait.getAttribute('data-kind')).toBe('event');
      expect(await wait.textContent()).toContain('payment.succeeded');
      expect(await wait.textContent()).toContain('Payment arrives');
      expect(await manager.getByTestId('run-fire-now').count()).toBe(0);
      expect(await manager.getByTestId('run-cancel').count()).toBe(1);
    }, h);

    const admin = await h.newPage();
    await login(admin, 'admin');
    await admin.goto(`/runs/${waiting.get('5001')}`);
    await step(admin, 'admin-fires-now', async () => {
      await until('the run stream to be open', () => admin.getByTestId('run-live').getAttribute('data-live'), (v) => v === 'true');
      await admin.getByTestId('run-fire-now').click();
      await admin.getByTestId('confirm-ok').click();
      await until('the run to go on through the timeout', () => admin.getByTestId('run-detail').getAttribute('data-status'), (s) => s === 'succeeded', 20_000);
      await until('the reminder to be coloured', () => admin.locator(canvasNode('remind')).getAttribute('data-status'), (s) => s === 'succeeded');
      expect(await admin.locator(canvasNode('thanks')).getAttribute('data-status')).toBe('skipped');
      // Edges are drawn in a pass of their own after the nodes: read once, they may not be there yet.
      await until('the two taken edges', () => admin.locator('[data-testid="run-canvas"] .react-flow__edge.edge-taken').count(), (n) => n === 2);
      // The wait that resumed is one row, its waiting row in its history.
      const paid = admin.locator('[data-testid="run-step"][data-node-id="paid"]');
      expect(await paid.count()).toBe(1);
      await paid.locator('.step-row-head').click();
      expect(await paid.getByTestId('step-history').locator('[data-status="waiting"]').count()).toBe(1);
    }, h);
  });

  it('cancels the selected waiting runs from the list, and the rows change without a reload', async () => {
    const { waitFlowId, waiting } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');
    await page.goto(`/runs?flowId=${waitFlowId}&status=waiting`);
    await step(page, 'bulk-cancel', async () => {
      await until('the waiting deals', () => page.getByTestId('runs-row').evaluateAll((rows) => rows.map((r: BrowserGlobal) => r.dataset.businessKey).sort().join()), (keys) => keys.includes('5003'));
      await until('the list stream to be open', () => page.getByTestId('runs-live').getAttribute('data-live'), (v) => v === 'true');
      await page.evaluate(() => { (globalThis as BrowserGlobal).__notReloaded = true; });
      const row5003 = page.locator(`[data-testid="runs-row"][data-run-id="${waiting.get('5003')}"]`);
      await row5003.getByTestId('runs-select').check();
      await page.getByTestId('bulk-cancel').click();
      await page.getByTestId('confirm-ok').click();
      await until('the row to show the cancel', () => row5003.getAttribute('data-status'), (s) => s === 'cancelled', 15_000);
      expect(await page.evaluate(() => (globalThis as BrowserGlobal).__notReloaded)).toBe(true);
    }, h);
    const analyst = await h.newPage();
    await login(analyst, 'analyst');
    await analyst.goto(`/runs?flowId=${waitFlowId}`);
    await analyst.getByTestId('runs-row').first().waitFor();
    expect(await analyst.getByTestId('bulk-bar').count()).toBe(0);
  });

  it('opens a loop item by link and fetches a large trigger output whole to search it and copy a path and a value', async () => {
    const { loopRunId } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');
    await page.goto(`/runs/${loopRunId}`);
    await step(page, 'loop-item-link', async () => {
      await page.getByTestId('run-item-filter').selectOption('0.1');
      await page.waitForURL(/item=0\.1/);
      await page.reload();
      await page.getByTestId('run-steps').waitFor();
      const shapes = page.locator('[data-testid="run-step"][data-node-id="shape"]');
      await until('one row of the loop body', () => shapes.count(), (n) => n === 1);
      expect(await shapes.getByTestId('step-item').textContent()).toContain('1');
      expect(await page.locator(canvasNode('shape')).getAttribute('data-status')).toBe('succeeded');
      // Edges are drawn in a pass of their own after the nodes: wait for them before reading.
      await until('the taken edges', () => page.locator('[data-testid="run-canvas"] .react-flow__edge.edge-taken').count(), (n) => n === 3);
      const taken = await page.locator('[data-testid="run-canvas"] .react-flow__edge.edge-taken').evaluateAll((edges) => edges.map((e: BrowserGlobal) => e.getAttribute('data-id')).sort());
      expect(taken).toEqual(['rows:done->after', 'rows:item->shape', 'start:out->rows']);
      await screenshot(page, 'run-detail-loop-item');
    }, h);
    await step(page, 'large-output', async () => {
      await page.locator('[data-testid="run-step"][data-node-id="start"] .step-row-head').click();
      const output = page.getByTestId('step-output');
      await output.getByTestId('json-load-full').click();
      await output.getByTestId('json-search').fill('B-2');
      expect(await output.getByTestId('json-hits').textContent()).toContain('1');
      const hit = output.locator('.json-hit');
      expect(await hit.getAttribute('data-path')).toBe('$output.rows[1].sku');
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await hit.hover();
      await hit.getByTestId('json-copy-path').click();
      expect(await page.evaluate(() => (globalThis as BrowserGlobal).navigator.clipboard.readText())).toBe('$output.rows[1].sku');
      await hit.getByTestId('json-copy-value').click();
      expect(await page.evaluate(() => (globalThis as BrowserGlobal).navigator.clipboard.readText())).toBe('B-2');
    }, h);
  });

  it('draws the taken edge when the node catalogue arrives after the canvas', async () => {
    const { parentRunId } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');
    // Held until the nodes are on the canvas: their input handles only appear with the catalogue.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/nodes', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/runs/${parentRunId}`);
    await step(page, 'late-catalogue', async () => {
      await page.locator(canvasNode('sub')).waitFor();
      release();
      await until('the node to know its type', () => page.locator(canvasNode('sub')).getAttribute('data-invalid'), (v) => v === 'false');
      await until('the taken edge', () => page.locator('[data-testid="run-canvas"] .react-flow__edge.edge-taken').evaluateAll((edges) => edges.map((e: BrowserGlobal) => e.getAttribute('data-id'))),
        (ids) => ids.join() === 'start:out->sub', 10_000);
    }, h);
  });

  it('links a sub-flow\'s run from its parent and back', async () => {
    const { parentRunId } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');
    await page.goto(`/runs/${parentRunId}`);
    await step(page, 'parent-to-child-and-back', async () => {
      const child = page.getByTestId('run-child');
      await child.waitFor();
      await until('the child link to name its flow', () => child.textContent(), (text) => !!text?.includes('Send the act'));
      await child.click();
      await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(parentRunId));
      expect(await page.getByTestId('run-flow-name').textContent()).toBe('Send the act');
      expect(await page.getByTestId('run-parent').getAttribute('href')).toBe(`/runs/${parentRunId}`);
      expect(await page.getByTestId('run-rerun').count()).toBe(0);
    }, h);
  });
});
