/**
 * The flows list: create, rename, duplicate, export, import, delete, instantiate a template, and the
 * per-flow run figures, as the demo analyst.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO, login, screenshot, startBrowserHarness, step, until, type BrowserHarness } from './support/browser-harness';
import { fillControl, type BrowserGlobal } from './support/editor';

jest.setTimeout(120_000);

let h: BrowserHarness;
let page: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  // One run of the demo flow, so its row has figures to show.
  const delivery = await h.kommoStatusWebhook(DEMO.hookPath);
  if (delivery.status !== 202) throw new Error(`the demo webhook answered ${delivery.status}: ${JSON.stringify(delivery.body)}`);
  page = await h.newPage();
  await login(page, 'analyst');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const rows = () => page.getByTestId('flow-row');
const row = (name: string) => page.locator(`[data-testid="flow-row"][data-flow-name="${name}"]`);
const rowNames = () => rows().evaluateAll((elements) => elements.map((e: BrowserGlobal) => e.getAttribute('data-flow-name') as string));

async function openList(): Promise<void> {
  await page.getByTestId('nav-flows').click();
  await page.getByTestId('flows-list').waitFor();
  await until('the flows list to load', () => rows().count(), (n) => n > 0);
}

/** Answers whatever the next confirmation is: the app's dialog (confirm-ok) or a native confirm. */
async function confirm(): Promise<void> {
  const ok = page.getByTestId('confirm-ok');
  if (await ok.isVisible({ timeout: 2_000 }).catch(() => false)) await ok.click();
}

/** Renames through the row's rename button and its dialog. */
async function rename(from: string, to: string): Promise<void> {
  await row(from).getByTestId('flow-rename').click();
  const input = page.getByTestId('rename-flow-name');
  expect(await input.inputValue()).toBe(from);
  await input.fill(to);
  await page.getByTestId('rename-flow-save').click();
  await until(`the row renamed to "${to}"`, () => row(to).count(), (n) => n === 1);
}

describe('the flows list', () => {
  it('shows each flow with its status and run figures', async () => {
    await step(page, 'figures', async () => {
      await openList();
      const demo = row(DEMO.flowName);
      await demo.waitFor();
      for (const id of ['flow-status', 'flow-last-run', 'flow-runs-today', 'flow-failure-rate']) await demo.getByTestId(id).waitFor({ state: 'attached' });
      await until('the demo flow to count its run today', () => demo.getByTestId('flow-runs-today').textContent(), (t) => /\b1\b/.test(t ?? ''));
      expect((await demo.getByTestId('flow-last-run').textContent())?.trim()).toBeTruthy();
      expect(await demo.getAttribute('data-flow-id')).toMatch(/^[0-9a-f-]{36}$/);
      await screenshot(page, 'list-01-figures');
    }, h);
  });

  it('creates, renames, duplicates, exports, imports and deletes a flow', async () => {
    const api = await h.api('analyst');
    const name = 'List spec flow';

    await step(page, 'create', async () => {
      await openList();
      await page.getByTestId('new-flow').click();
      await page.getByTestId('new-flow-name').fill(name);
      await page.getByTestId('new-flow-create').click();
      await until('the new flow to exist', async () => (await api.get('/api/flows')).map((f: { name: string }) => f.name), (names) => names.includes(name));
      await openList();
      await row(name).waitFor();
    }, h);

    await step(page, 'rename', async () => {
      await rename(name, 'List spec flow (renamed)');
      expect(await row(name).count()).toBe(0);
      const flows = await api.get('/api/flows');
      expect(flows.map((f: { name: string }) => f.name)).toContain('List spec flow (renamed)');
    }, h);

    const renamed = 'List spec flow (renamed)';
    await step(page, 'duplicate', async () => {
      const before = await rowNames();
      await row(renamed).getByTestId('flow-duplicate').click();
      await confirm().catch(() => undefined);
      const after = await until('a duplicate row', rowNames, (names) => names.length === before.length + 1);
      // The copy's name is the UI's choice ("… (copy)", "Copy of …"); it mentions the original.
      const added = [...after];
      for (const n of before) added.splice(added.indexOf(n), 1);
      expect(added).toHaveLength(1);
      expect(added[0]).toContain(renamed);
      await screenshot(page, 'list-02-after-duplicate');
    }, h);

    const exported = await step(page, 'export', async () => {
      const download = page.waitForEvent('download', { timeout: 10_000 });
      await row(renamed).getByTestId('flow-export').click();
      const file = await (await download).path();
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json).toMatchObject({ schema: 1, name: renamed, nodes: expect.any(Array) });
      return json;
    }, h);

    await step(page, 'import', async () => {
      const importedName = 'Imported from the export';
      const file = path.join(os.tmpdir(), `flowbridge-import-${process.pid}.json`);
      writeFileSync(file, JSON.stringify({ ...exported, name: importedName }));
      const chooser = page.waitForEvent('filechooser', { timeout: 3_000 }).catch(() => null);
      await page.getByTestId('import-flow').click();
      const native = await chooser;
      if (native) await native.setFiles(file);
      else await page.getByTestId('import-file').setInputFiles(file);
      await openList().catch(() => undefined);
      await until('the imported flow in the list', () => row(importedName).count(), (n) => n === 1);
    }, h);

    await step(page, 'delete', async () => {
      const before = await rows().count();
      const id = await row(renamed).getAttribute('data-flow-id');
      await row(renamed).getByTestId('flow-delete').click();
      await confirm();
      await until('the row to disappear', () => rows().count(), (n) => n === before - 1);
      expect(await page.locator(`[data-testid="flow-row"][data-flow-id="${id}"]`).count()).toBe(0);
      const flows = await api.get('/api/flows');
      expect(flows.some((f: { id: string }) => f.id === id)).toBe(false);
    }, h);
  });

  it('instantiates the seed template from its parameters', async () => {
    const api = await h.api('analyst');
    const countOf = async (name: string) => (await api.get('/api/flows')).filter((f: { name: string }) => f.name === name).length;
    const before = { invoice: await countOf(DEMO.flowName), stripe: await countOf('Payments from Stripe') };

    await step(page, 'template', async () => {
      await openList();
      await page.getByTestId('templates-open').click();
      await page.getByTestId('template-kommo-easycount-invoice').click();
      const params: Record<string, string | number> = {
        kommoConnection: DEMO.connections.kommo,
        easycountConnection: DEMO.connections.easycount,
        stripeConnection: DEMO.connections.stripe,
        pipelineId: DEMO.pipelineId,
        toInvoiceStatusId: DEMO.stages.toInvoice,
        invoiceSentStatusId: DEMO.stages.invoiceSent,
        paidStatusId: DEMO.stages.paid,
        paymentLinkFieldId: DEMO.fields.paymentLink,
        invoiceNumberFieldId: DEMO.fields.invoiceNumber,
      };
      for (const [name, value] of Object.entries(params)) await fillControl(page.getByTestId(`template-param-${name}`), value);
      await screenshot(page, 'list-03-template-form');
      await page.getByTestId('template-create').click();
      await until('the template flows to be created', () => countOf(DEMO.flowName), (n) => n === before.invoice + 1);
      expect(await countOf('Payments from Stripe')).toBe(before.stripe + 1);
    }, h);

    const listed = (await api.get('/api/flows')).filter((f: { name: string }) => f.name === DEMO.flowName).find((f: { publishedVersion: number | null }) => f.publishedVersion === null);
    const created = await api.get(`/api/flows/${listed.id}`);
    const trigger = created.graph.nodes.find((n: { id: string }) => n.id === 'deal').params;
    expect([String(trigger.pipelineId), String(trigger.statusId)]).toEqual([String(DEMO.pipelineId), String(DEMO.stages.toInvoice)]);
    expect(created.problems).toEqual([]);
  });
});
