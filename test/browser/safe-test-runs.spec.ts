/**
 * A test run that creates nothing twice: the analyst confirms the one real invoice, sends the
 * awaited payment event by hand instead of paying, pins the invoice step's output, and tests again
 * without EasyCount issuing another document; then types a pinned output by hand and tests on it.
 */
import { DEMO, login, screenshot, sharedBrowserHarness, step, until, type BrowserHarness } from './support/browser-harness';
import { nodeById, nodeStatuses, selectNode, waitSaved } from './support/editor';

const h: BrowserHarness = sharedBrowserHarness();

describe('safe test runs in the editor', () => {
  it('asks before a real side effect, sends a waiting run its event, and tests again on a pinned invoice', async () => {
    const api = await h.api('analyst');
    const connections: { id: string; name: string }[] = await api.get('/api/connections');
    const easycount = connections.find((c) => c.name === DEMO.connections.easycount)!;
    const flow = await api.post('/api/flows', {
      name: 'Invoice, then wait for the payment',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } },
          { id: 'invoice', type: 'easycount.createInvoice', params: { connection: easycount.id, customerName: '{{ $trigger.customer }}', amount: 590, sendByEmail: false }, position: { x: 260, y: 0 } },
          { id: 'paid', type: 'core.waitForEvent', params: { eventType: 'payment.succeeded', correlationKey: '{{ $steps.invoice.docId }}', timeoutAmount: 3, timeoutUnit: 'days' }, position: { x: 520, y: 0 } },
          { id: 'thanks', type: 'core.map', params: { fields: { amount: '{{ $steps.paid.event.amount }}' } }, position: { x: 780, y: -60 } },
          { id: 'remind', type: 'core.map', params: { fields: { late: true } }, position: { x: 780, y: 80 } },
        ],
        edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'paid' }, { from: 'paid', port: 'event', to: 'thanks' }, { from: 'paid', port: 'timeout', to: 'remind' }],
      },
    });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await nodeById(page, 'invoice').waitFor();

    const testRun = async (payload: object) => {
      await page.getByTestId('test-run').click();
      await page.getByTestId('test-payload').fill(JSON.stringify(payload));
    };
    const runSteps = async () => {
      const runs = await api.get(`/api/runs?flowId=${flow.id}&limit=1`);
      return (await api.get(`/api/runs/${runs.items[0].id}`)) as { id: string; status: string; steps: { nodeId: string; input: unknown; output: any }[] };
    };

    const firstDocId = await step(page, 'confirm-the-real-invoice', async () => {
      const documents = await h.easycountDocuments();
      await testRun({ customer: 'Dana' });
      const warning = page.getByTestId('test-run-side-effects');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('Create invoice');
      expect(await page.getByTestId('test-run-start').isDisabled()).toBe(true);
      await page.getByTestId('test-run-confirm-real').check();
      await page.getByTestId('test-run-start').click();
      await until('the run to wait for the payment', () => nodeStatuses(page), (s) => s.invoice === 'succeeded' && s.paid === 'waiting', 30_000);
      const run = await runSteps();
      // The count sees what a real run issues.
      expect(await h.easycountDocuments()).toBe(documents + 1);
      return run.steps.find((s) => s.nodeId === 'invoice')!.output.docId as string;
    }, h);
    expect(firstDocId).toBeTruthy();

    await step(page, 'send-the-event', async () => {
      await selectNode(page, 'paid');
      await page.getByTestId('wake-event-data').fill('{"amount": 590}');
      await page.getByTestId('send-event').click();
      await until('the run to go on from the event', () => nodeStatuses(page), (s) => s.thanks === 'succeeded' && s.remind === 'skipped', 15_000);
      expect((await runSteps()).steps.find((s) => s.nodeId === 'thanks')!.output).toEqual({ amount: 590 });
    }, h);

    await step(page, 'pin-the-invoice', async () => {
      await selectNode(page, 'invoice');
      await page.getByTestId('pin-output').click();
      await nodeById(page, 'invoice').getByTestId('node-pinned').waitFor();
      await waitSaved(page);
      const saved = await api.get(`/api/flows/${flow.id}`);
      expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'invoice').pinnedOutput.docId).toBe(firstDocId);
    }, h);

    await step(page, 'test-on-the-pin', async () => {
      const documents = await h.easycountDocuments();
      await testRun({ customer: 'Dana' });
      // Nothing left that would change anything for real: no question asked.
      expect(await page.getByTestId('test-run-side-effects').count()).toBe(0);
      await page.getByTestId('test-run-start').click();
      await until('the new run to wait', async () => (await runSteps()), (r) => r.status === 'waiting' && r.steps.some((s) => s.nodeId === 'paid'), 30_000);
      const run = await runSteps();
      const invoice = run.steps.find((s) => s.nodeId === 'invoice')!;
      // The pinned output stood in: EasyCount issued no second document.
      expect(invoice.input).toEqual({ $pinned: true });
      expect(invoice.output.docId).toBe(firstDocId);
      expect(await h.easycountDocuments()).toBe(documents);
      await selectNode(page, 'paid');
      await page.getByTestId('fire-timeout').waitFor();
      await screenshot(page, 'pinned-test-run');
      await page.getByTestId('fire-timeout').click();
      await until('the timeout branch', () => nodeStatuses(page), (s) => s.remind === 'succeeded', 15_000);
    }, h);

    await step(page, 'type-a-pin', async () => {
      await selectNode(page, 'invoice');
      await page.getByTestId('unpin-output').click();
      await page.getByTestId('pin-type').click();
      const json = page.getByTestId('pin-json');
      await json.fill('{ "docId": "typed-doc-1", ');
      await page.getByTestId('pin-json-error').waitFor();
      expect(await page.getByTestId('pin-json-save').isDisabled()).toBe(true);
      await json.fill('{ "docId": "typed-doc-1", "docNumber": "T-1" }');
      await until('the JSON to be accepted', () => page.getByTestId('pin-json-error').count(), (n) => n === 0);
      await screenshot(page, 'typed-pin');
      await page.getByTestId('pin-json-save').click();
      await page.getByTestId('pinned-output').waitFor();
      await waitSaved(page);
      const saved = await api.get(`/api/flows/${flow.id}`);
      expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'invoice').pinnedOutput).toEqual({ docId: 'typed-doc-1', docNumber: 'T-1' });
    }, h);

    await step(page, 'test-on-the-typed-pin', async () => {
      const documents = await h.easycountDocuments();
      const previous = (await runSteps()).id;
      await testRun({ customer: 'Dana' });
      expect(await page.getByTestId('test-run-side-effects').count()).toBe(0);
      await page.getByTestId('test-run-start').click();
      const run = await until('the new run to wait', () => runSteps(), (r) => r.id !== previous && r.status === 'waiting' && r.steps.some((s) => s.nodeId === 'paid'), 30_000);
      const invoice = run.steps.find((s) => s.nodeId === 'invoice')!;
      expect(invoice.input).toEqual({ $pinned: true });
      expect(invoice.output).toEqual({ docId: 'typed-doc-1', docNumber: 'T-1' });
      // The steps after it read the typed output: the wait is for the payment of the typed document.
      expect(run.steps.find((s) => s.nodeId === 'paid')!.input).toMatchObject({ correlationKey: 'typed-doc-1' });
      expect(await h.easycountDocuments()).toBe(documents);
    }, h);
  });
});
