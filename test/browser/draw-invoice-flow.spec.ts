/**
 * The first seed, drawn by hand: the demo analyst builds "Kommo stage → EasyCount invoice → payment
 * link onto the lead" from an empty canvas, configures it in the inspector (one expression picked from
 * the autocomplete), publishes it, a Kommo webhook reaches it, and the run shows every node green.
 * Also: an invalid graph is marked on the node and cannot be published; a manager cannot edit.
 */
import type { Page } from 'playwright-core';
import { DEMO, login, screenshot, startBrowserHarness, step, until, type BrowserHarness } from './support/browser-harness';
import {
  addKeyValue, addNodeWithKeyboard, connect, dropNode, edges, field, nodeById, nodeIds, nodes, nodeStatuses, selectNode,
  setField, typeWithAutocomplete, waitSaved, type BrowserGlobal,
} from './support/editor';

jest.setTimeout(180_000);

const HOOK_PATH = 'kommo/drawn-by-test-7f3a9c';
const FLOW_NAME = 'Invoice drawn in the browser';

let h: BrowserHarness;

beforeAll(async () => {
  h = await startBrowserHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Creates an empty flow from the flows list and lands in its editor. */
async function createFlowFromList(page: Page, name: string): Promise<string> {
  await page.getByTestId('nav-flows').click();
  await page.getByTestId('flows-list').waitFor();
  await page.getByTestId('new-flow').click();
  await page.getByTestId('new-flow-name').fill(name);
  await page.getByTestId('new-flow-create').click();
  // Creating opens the editor; if the list stays, open the new row.
  const editor = page.getByTestId('editor');
  await Promise.race([editor.waitFor(), page.locator(`[data-testid="flow-row"][data-flow-name="${name}"]`).waitFor()]);
  if (!(await editor.isVisible())) {
    await page.locator(`[data-testid="flow-row"][data-flow-name="${name}"]`).getByTestId('flow-open').click();
    await editor.waitFor();
  }
  await page.getByTestId('canvas').waitFor();
  const id = /\/flows\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`the editor's URL names no flow: ${page.url()}`);
  return id;
}

/** Auto-layout, then fit the view, then wait until the fit's animation has come to rest. */
async function tidy(page: Page): Promise<void> {
  await page.getByTestId('auto-layout').click();
  await page.getByTestId('zoom-fit').click();
  let previous = '';
  await until('the view to settle', async () => {
    const transform = await page.locator('.react-flow__viewport').evaluate((el: BrowserGlobal) => el.style.transform as string);
    const settled = transform === previous;
    previous = transform;
    return settled;
  }, (settled) => settled);
}

const invalid = (page: Page, id: string) => nodeById(page, id).getAttribute('data-invalid');
const publishEnabled = (page: Page) => page.getByTestId('publish').isEnabled();

describe('drawing the first seed flow in the editor', () => {
  it('an analyst draws, configures with autocomplete, publishes and runs the invoice flow; every node turns green', async () => {
    const page = await h.newPage();

    await step(page, 'login', async () => {
      await page.goto('/');
      await page.getByTestId('login-email').waitFor();
      await screenshot(page, '01-login');
      await login(page, 'analyst');
      await page.getByTestId('flows-list').waitFor();
      await until('the demo flow in the list', () => page.locator(`[data-testid="flow-row"][data-flow-name="${DEMO.flowName}"]`).count(), (n) => n === 1);
      await screenshot(page, '02-flows-list');
    }, h);

    const flowId = await step(page, 'create-empty-flow', async () => {
      const id = await createFlowFromList(page, FLOW_NAME);
      expect(await nodes(page).count()).toBe(0);
      expect(await page.getByTestId('flow-name').inputValue()).toBe(FLOW_NAME);
      await page.getByTestId('palette').waitFor();
      await screenshot(page, '03-empty-canvas');
      return id;
    }, h);

    const canvas = await page.getByTestId('canvas').boundingBox();
    if (!canvas) throw new Error('the canvas has no size');
    const row = Math.round(canvas.height * 0.35);
    const col = (f: number) => Math.round(canvas.width * f);

    const ids = await step(page, 'drop-nodes', async () => {
      const deal = await dropNode(page, 'kommo.leadStatusChanged', { x: col(0.2), y: row }, 'Lead reached');
      const invoice = await dropNode(page, 'easycount.createInvoice', { x: col(0.5), y: row }, 'invoice');
      // An invoice with no customer name is incomplete: marked on the node, and publish stays off.
      await until('the new invoice node to be marked invalid', () => invalid(page, invoice), (v) => v === 'true');
      await nodeById(page, invoice).getByTestId('node-badge').waitFor({ state: 'visible' });
      expect(await publishEnabled(page)).toBe(false);
      await screenshot(page, '04-incomplete-node');
      const writeBack = await dropNode(page, 'kommo.updateLead', { x: col(0.8), y: row }, 'Update lead');
      expect(await nodes(page).count()).toBe(3);
      return { deal, invoice, writeBack };
    }, h);

    await step(page, 'connect-nodes', async () => {
      // Dropping the first node fits the view to it, so later drops may overlap: lay them out first.
      await tidy(page);
      await connect(page, ids.deal, ids.invoice);
      await connect(page, ids.invoice, ids.writeBack);
      expect(await edges(page).count()).toBe(2);
      await tidy(page);
    }, h);

    await step(page, 'configure-trigger', async () => {
      await selectNode(page, ids.deal);
      await page.getByTestId('inspector').waitFor();
      await setField(page, 'connection', DEMO.connections.kommo);
      await setField(page, 'path', HOOK_PATH);
      await setField(page, 'pipelineId', String(DEMO.pipelineId));
      await setField(page, 'statusId', String(DEMO.stages.toInvoice));
      await until('the trigger to become valid', () => invalid(page, ids.deal), (v) => v === 'false');
    }, h);

    await step(page, 'configure-invoice', async () => {
      await selectNode(page, ids.invoice);
      await until('the inspector to show the invoice node', () => field(page, 'customerName').count(), (n) => n === 1);
      await setField(page, 'connection', DEMO.connections.easycount);
      // The customer's name is picked from the autocomplete of the trigger's output.
      const value = await typeWithAutocomplete(page, 'customerName', '{{ $trigger.lead.na', '$trigger.lead.name', () => screenshot(page, '05-autocomplete'));
      expect(value.replace(/\s+/g, ' ').trim()).toBe('{{ $trigger.lead.name }}');
      // The sandbox evaluates it against the trigger's sample output.
      const preview = field(page, 'customerName').getByTestId('field-preview');
      await until('the expression preview to show a value', () => preview.getAttribute('data-state'), (state) => state === 'value', 8_000);
      expect((await preview.textContent())?.trim()).toBeTruthy();
      await setField(page, 'amount', '{{ $trigger.lead.price }}');
      await setField(page, 'description', 'Deal {{ $trigger.lead.id }}: {{ $trigger.lead.name }}');
      await setField(page, 'paymentLink', true);
      await setField(page, 'successUrl', 'https://example.com/thanks');
      await field(page, 'customerName').scrollIntoViewIfNeeded();
      await screenshot(page, '06-inspector-invoice');
      await until('the invoice node to become valid', () => invalid(page, ids.invoice), (v) => v === 'false');
    }, h);

    await step(page, 'configure-write-back', async () => {
      await selectNode(page, ids.writeBack);
      await until('the inspector to show the update node', () => field(page, 'customFields').count(), (n) => n === 1);
      await setField(page, 'connection', DEMO.connections.kommo);
      await setField(page, 'leadId', '{{ $trigger.lead.id }}');
      await setField(page, 'pipelineId', String(DEMO.pipelineId));
      await setField(page, 'statusId', String(DEMO.stages.invoiceSent));
      await addKeyValue(page, 'customFields', String(DEMO.fields.paymentLink), `{{ $steps.${ids.invoice}.paymentUrl }}`);
      await until('the update node to become valid', () => invalid(page, ids.writeBack), (v) => v === 'false');
      await screenshot(page, '07-inspector-write-back');
    }, h);

    await step(page, 'publish', async () => {
      await waitSaved(page);
      await until('publish to be enabled for a complete graph', () => publishEnabled(page), Boolean);
      await page.getByTestId('publish').click();
      // The publish dialog's note is optional.
      await page.getByTestId('publish-dialog').getByTestId('confirm-ok').click();
      await until('the published version to show 1', () => page.getByTestId('published-version').getAttribute('data-version'), (v) => v === '1');
      await page.getByTestId('zoom-fit').click();
      await screenshot(page, '08-published');
    }, h);

    // The draft the server holds is the graph that was drawn.
    const api = await h.api('analyst');
    const saved = await api.get(`/api/flows/${flowId}`);
    expect(saved.publishedVersion).toBe(1);
    expect(saved.graph.nodes.map((n: { type: string }) => n.type).sort()).toEqual(['easycount.createInvoice', 'kommo.leadStatusChanged', 'kommo.updateLead']);
    expect(saved.graph.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ from: ids.deal, to: ids.invoice }),
      expect.objectContaining({ from: ids.invoice, to: ids.writeBack }),
    ]));
    expect(saved.graph.nodes.find((n: { id: string }) => n.id === ids.deal).params).toMatchObject({ path: HOOK_PATH });

    const delivery = await h.kommoStatusWebhook(HOOK_PATH);
    expect(delivery).toEqual({ status: 202, body: { runId: expect.any(String) } });
    const runId: string = delivery.body.runId;

    await step(page, 'run-turns-green', async () => {
      const runs = page.getByTestId('runs-panel');
      await runs.waitFor();
      await until('the webhook run to succeed in the runs panel', () => runs.getByTestId('run-item').first().evaluate((e: BrowserGlobal) => [e.getAttribute('data-run-id'), e.getAttribute('data-status')]), ([id, status]) => id === runId && status === 'succeeded', 30_000);
      const statuses = await until('every node to show succeeded', () => nodeStatuses(page), (s) => Object.keys(s).length === 3 && Object.values(s).every((v) => v === 'succeeded'), 15_000);
      expect(statuses).toEqual({ [ids.deal]: 'succeeded', [ids.invoice]: 'succeeded', [ids.writeBack]: 'succeeded' });
      await screenshot(page, '09-run-succeeded');
    }, h);

    const run = await api.get(`/api/runs/${runId}`);
    const paymentUrl = run.steps.find((s: { nodeId: string }) => s.nodeId === ids.invoice)?.output?.paymentUrl;
    expect(paymentUrl).toMatch(new RegExp(`^${h.easycountUrl}/`));

    await step(page, 'step-details', async () => {
      await selectNode(page, ids.invoice);
      const details = page.getByTestId('step-details');
      await details.waitFor();
      await until('the step output to show the payment link', () => details.getByTestId('step-output').textContent(), (t) => (t ?? '').includes(paymentUrl));
      expect(await details.getByTestId('step-status').getAttribute('data-status')).toBe('succeeded');
      await details.scrollIntoViewIfNeeded();
      await screenshot(page, '10-step-details');
    }, h);

    // The lead in Kommo got the payment link and moved to "Invoice sent".
    const lead = await h.kommoLead(DEMO.leadId);
    const link = (lead.custom_fields_values ?? []).find((f: { field_id: number }) => f.field_id === DEMO.fields.paymentLink);
    expect(link?.values?.[0]?.value).toBe(paymentUrl);
    expect(lead.status_id).toBe(DEMO.stages.invoiceSent);

    await step(page, 'test-run', async () => {
      // The toolbar's test run: a payload standing in for the trigger's output runs the flow too.
      await page.getByTestId('test-run').click();
      await page.getByTestId('test-payload').fill(JSON.stringify({
        lead: { id: DEMO.leadId, name: 'Eilat tour for 2', price: 4500, statusId: DEMO.stages.toInvoice, pipelineId: DEMO.pipelineId },
        event: { leadId: DEMO.leadId, statusId: DEMO.stages.toInvoice, oldStatusId: DEMO.stages.incoming, pipelineId: DEMO.pipelineId },
        account: { id: 30000001 },
      }, null, 2));
      // The invoice and the deal update would happen for real: the dialog names them and asks first.
      expect(await page.getByTestId('test-run-side-effects').textContent()).toContain('Create invoice');
      await page.getByTestId('test-run-confirm-real').check();
      await page.getByTestId('test-run-start').click();
      const runs = page.getByTestId('runs-panel');
      await until('the test run to be listed first', () => runs.getByTestId('run-item').count(), (n) => n === 2);
      const [testRunId] = await until('the test run to succeed', () => runs.getByTestId('run-item').first().evaluate((e: BrowserGlobal) => [e.getAttribute('data-run-id'), e.getAttribute('data-status')]), ([id, status]) => id !== runId && status === 'succeeded', 30_000);
      expect(await runs.locator('[data-testid="run-item"].selected, [data-testid="run-item"][aria-pressed="true"], [data-testid="run-item"][aria-selected="true"]').first().getAttribute('data-run-id')).toBe(testRunId);
      await until('every node to show succeeded in the test run', () => nodeStatuses(page), (s) => Object.keys(s).length === 3 && Object.values(s).every((v) => v === 'succeeded'), 15_000);
      await screenshot(page, '11-test-run');
    }, h);
  });

  it('an invalid graph shows the error on the node and publish stays disabled until it is fixed', async () => {
    const page = await h.newPage();
    await login(page, 'analyst');
    await createFlowFromList(page, 'Incomplete mapping');

    const map = await step(page, 'add-map-node', async () => {
      const id = await addNodeWithKeyboard(page, 'core.map');
      await until('the map node to be marked invalid', () => invalid(page, id), (v) => v === 'true');
      await nodeById(page, id).getByTestId('node-badge').waitFor({ state: 'visible' });
      return id;
    }, h);

    await step(page, 'errors-shown', async () => {
      expect(await publishEnabled(page)).toBe(false);
      // The toolbar summarises the problems (no trigger, a required param missing).
      await until('the validation summary to list the problems', () => page.getByTestId('validation-summary').textContent(), (t) => !!t?.trim());
      await selectNode(page, map);
      const error = field(page, 'fields').getByTestId('field-error');
      await error.waitFor({ state: 'visible' });
      expect((await error.textContent())?.trim()).toBeTruthy();
      await screenshot(page, '12-invalid-graph');
    }, h);

    await step(page, 'fix-and-publish-enabled', async () => {
      const trigger = await dropNode(page, 'core.manual', { x: 200, y: 100 }, 'Manual');
      await connect(page, trigger, map);
      expect(await publishEnabled(page)).toBe(false);
      await selectNode(page, map);
      await addKeyValue(page, 'fields', 'greeting', 'hello');
      await until('the map node to become valid', () => invalid(page, map), (v) => v === 'false');
      await waitSaved(page);
      await until('publish to be enabled', () => publishEnabled(page), Boolean);
      expect(await page.locator('[data-testid="node"][data-invalid="true"]').count()).toBe(0);
    }, h);
  });

  it('a manager sees a flow read-only and cannot change it', async () => {
    const page = await h.newPage();
    await login(page, 'manager');
    const api = await h.api('manager');
    const before = (await api.get('/api/flows')).find((f: { name: string }) => f.name === DEMO.flowName);

    await step(page, 'open-as-manager', async () => {
      await page.getByTestId('flows-list').waitFor();
      expect(await page.getByTestId('nav-connectors').count()).toBe(0);
      const row = page.locator(`[data-testid="flow-row"][data-flow-name="${DEMO.flowName}"]`);
      for (const action of ['flow-rename', 'flow-delete']) {
        const button = row.getByTestId(action);
        expect((await button.count()) === 0 || (await button.isDisabled())).toBe(true);
      }
      expect((await page.getByTestId('new-flow').count()) === 0 || (await page.getByTestId('new-flow').isDisabled())).toBe(true);
      await row.getByTestId('flow-open').click();
      await page.getByTestId('editor').waitFor();
      await page.getByTestId('readonly-banner').waitFor({ state: 'visible' });
      await until('the demo flow to render', () => nodes(page).count(), (n) => n === before.nodeCount);
    }, h);

    await step(page, 'nothing-editable', async () => {
      const publish = page.getByTestId('publish');
      expect((await publish.count()) === 0 || (await publish.isDisabled())).toBe(true);
      const palette = page.locator('[data-testid="palette-item"]');
      expect((await palette.count()) === 0 || !(await palette.first().isVisible())).toBe(true);

      await selectNode(page, 'invoice');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Backspace');
      const inputs = page.getByTestId('inspector').locator('input, textarea, select, [contenteditable]');
      const editable = await inputs.evaluateAll((elements) => elements.filter((e: BrowserGlobal) => !(e.disabled || e.readOnly || e.getAttribute('contenteditable') === 'false' || e.getAttribute('aria-readonly') === 'true' || e.getAttribute('aria-disabled') === 'true')).map((e: BrowserGlobal) => e.outerHTML.slice(0, 200)));
      expect(editable).toEqual([]);
      expect(await nodeIds(page)).toContain('invoice');
      await screenshot(page, '13-manager-readonly');
    }, h);

    const after = (await api.get('/api/flows')).find((f: { name: string }) => f.name === DEMO.flowName);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('shows a manager the published seed flow without false errors', async () => {
    const page = await h.newPage();
    await login(page, 'manager');
    const flows = await (await h.api('manager')).get('/api/flows');
    const listed = flows.find((f: { name: string }) => f.name === DEMO.flowName);
    expect(listed.problems).toEqual([]);
    const demo = await (await h.api('manager')).get(`/api/flows/${listed.id}`);
    await page.goto(`/flows/${demo.id}`);
    await page.getByTestId('readonly-banner').waitFor();

    await step(page, 'manager-no-false-errors', async () => {
      expect(await page.locator('[data-testid="node"][data-invalid="true"]').count()).toBe(0);
      for (const id of ['deal', 'invoice', 'writeBack']) {
        await selectNode(page, id);
        await until(`the inspector to show ${id}`, () => page.getByTestId('inspector-node-name').inputValue(), (v) => v === demo.graph.nodes.find((n: { id: string }) => n.id === id).name);
        // A valid flow: no field may look broken (a connection the manager cannot list is not "deleted").
        const flagged = await page.getByTestId('inspector').locator('[data-testid="field"]').evaluateAll((fields) => fields
          .filter((f: BrowserGlobal) => f.querySelector('[data-testid="field-error"], .invalid, [aria-invalid="true"]'))
          .map((f: BrowserGlobal) => `${f.getAttribute('data-param')}: ${f.textContent.slice(0, 120)}`));
        expect({ node: id, flagged }).toEqual({ node: id, flagged: [] });
      }
    }, h);
  });
});
