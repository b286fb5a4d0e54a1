/**
 * Operations as the demo manager: from the dashboard's top error to the failed run of one deal, its
 * remote error, a retry that turns green live; a shared run link that survives a reload; the
 * dashboard's chart and tables with the numbers of the runs behind them.
 *
 * The "CRM" is a loopback server of this test: it refuses deal 4711's invoice (422 with a reason)
 * until the test fixes it, the way a manager fixes a deal before retrying.
 */
import { RecordingServer, type Reply } from '../support/recording-server';
import { DEMO_PASSWORD, demoEmail, login, screenshot, sharedBrowserHarness, step, until, type BrowserHarness } from './support/browser-harness';
import type { BrowserGlobal } from './support/editor';

const crm = new RecordingServer();
let crmUrl = '';
let refuse = new Set(['4711']);
const REFUSAL = { error: 'Deal has no contact with an e-mail address', code: 'NO_CONTACT_EMAIL' };
/** Deal 4712's invoice must be for the deal's total; the runs send 590, so only an edited input gets through. */
const DEAL_4712_TOTAL = 600;

beforeAll(async () => {
  crm.setReply((req): Reply => {
    const deal = /^\/deals\/([^/]+)\/invoice$/.exec(req.path)?.[1] ?? '';
    if (refuse.has(deal)) return { status: 422, body: { ...REFUSAL, deal } };
    if (deal === '4712' && Number(JSON.parse(req.body || '{}').amount) !== DEAL_4712_TOTAL) return { status: 422, body: { error: `The amount does not match the deal total ${DEAL_4712_TOTAL}`, code: 'AMOUNT_MISMATCH' } };
    return { status: 201, body: { invoiceId: `INV-${deal}` } };
  });
  crmUrl = await crm.start();
  // The server the harness starts below inherits this: flows may call the test's CRM on loopback.
  process.env.FLOWBRIDGE_OUTBOUND_ALLOW = `127.0.0.1:${new URL(crmUrl).port}`;
});
afterAll(async () => {
  delete process.env.FLOWBRIDGE_OUTBOUND_ALLOW;
  await crm.stop();
});

const h: BrowserHarness = sharedBrowserHarness(60_000);

interface Fixture { flowId: string; runs: Map<string, string> }
let fixture: Promise<Fixture> | undefined;

/** A published two-step flow and one live run per deal: 4710 goes through, 4711 and 4712 fail at the CRM. */
function setUp(): Promise<Fixture> {
  fixture ??= (async () => {
    const admin = await h.api('admin');
    const flow = await admin.post('/api/flows', {
      name: 'Invoice deals in the CRM',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', name: 'Deal won', params: { businessKey: '{{ $trigger.dealId }}' }, position: { x: 0, y: 0 } },
          { id: 'send', type: 'core.http', name: 'Send the invoice to the CRM', params: { method: 'POST', url: `${crmUrl}/deals/{{ $trigger.dealId }}/invoice`, body: { amount: '{{ $trigger.amount }}' } }, position: { x: 300, y: 0 } },
        ],
        edges: [{ from: 'start', to: 'send' }],
      },
    });
    await admin.post(`/api/flows/${flow.id}/publish`);
    const runs = new Map<string, string>();
    for (const dealId of ['4710', '4711', '4712']) {
      const { runId } = await admin.post(`/api/flows/${flow.id}/run`, { payload: { dealId, amount: 590 } });
      runs.set(dealId, runId);
    }
    for (const runId of runs.values()) {
      await until('the deal run to finish', () => admin.get(`/api/runs/${runId}`), (r) => r.status === 'succeeded' || r.status === 'failed', 20_000);
    }
    return { flowId: flow.id, runs };
  })();
  return fixture;
}

describe('operations pages for managers', () => {
  it('goes from the dashboard\'s top error to the failed run of deal 4711, reads the CRM\'s answer, retries it and sees it turn green live', async () => {
    const { runs } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');

    await step(page, 'top-error-to-runs', async () => {
      await page.getByTestId('nav-dashboard').click();
      const row = page.getByTestId('dash-error-row').filter({ hasText: 'Send the invoice to the CRM' });
      await row.waitFor();
      expect(await row.getByTestId('dash-error-count').textContent()).toBe('2');
      await row.getByTestId('dash-error-runs').click();
      await page.getByTestId('runs-error-filter').waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/runs');
      expect(url.searchParams.get('status')).toBe('failed');
      expect(url.searchParams.get('errorNode')).toBe('send');
      await until('the two failed deals to be listed', () => page.getByTestId('runs-row').evaluateAll((rows) => rows.map((r: BrowserGlobal) => r.dataset.businessKey).sort()), (keys) => keys.join() === '4711,4712');
    }, h);

    await step(page, 'find-the-deal', async () => {
      await page.getByTestId('runs-search').fill('4711');
      await page.getByTestId('runs-search').press('Enter');
      await until('only deal 4711 to be listed', () => page.getByTestId('runs-row').evaluateAll((rows) => rows.map((r: BrowserGlobal) => r.dataset.businessKey)), (keys) => keys.join() === '4711');
      expect(new URL(page.url()).searchParams.get('businessKey')).toBe('4711');
      await page.getByTestId('runs-row').first().getByTestId('runs-open').click();
      await page.waitForURL(`**/runs/${runs.get('4711')}`);
    }, h);

    await step(page, 'read-the-remote-error', async () => {
      const detail = page.getByTestId('run-detail');
      expect(await detail.getAttribute('data-status')).toBe('failed');
      const error = page.getByTestId('run-remote-error');
      expect(await error.getByTestId('remote-status').textContent()).toBe('422');
      expect(await error.getByTestId('remote-body').textContent()).toContain('Deal has no contact with an e-mail address');
      // The taken path on the canvas: both nodes coloured, the edge between them drawn as taken.
      await until('the canvas to colour the path', () => page.locator('[data-testid="run-canvas"] [data-testid="node"]').evaluateAll((nodes) => nodes.map((n: BrowserGlobal) => `${n.dataset.nodeId}:${n.dataset.status}`).sort()), (s) => s.join() === 'send:failed,start:succeeded');
      expect(await page.locator('[data-testid="run-canvas"] .react-flow__edge.edge-taken').count()).toBe(1);
      expect(await page.getByTestId('step-name').allTextContents()).toEqual(['Deal won', 'Send the invoice to the CRM']);
      await screenshot(page, 'operations-failed-run');
    }, h);

    await step(page, 'retry-turns-green-live', async () => {
      await until('the run stream to be open', () => page.getByTestId('run-live').getAttribute('data-live'), (v) => v === 'true');
      await page.evaluate(() => { (globalThis as BrowserGlobal).__notReloaded = true; });
      refuse = new Set();
      await page.getByTestId('run-retry').click();
      await until('the run to turn green on the page', () => page.getByTestId('run-detail').getAttribute('data-status'), (s) => s === 'succeeded', 20_000);
      expect(await page.evaluate(() => (globalThis as BrowserGlobal).__notReloaded)).toBe(true);
      expect(await page.getByTestId('run-error').count()).toBe(0);
      await until('the node to turn green', () => page.locator('[data-testid="run-canvas"] [data-testid="node"][data-node-id="send"]').getAttribute('data-status'), (s) => s === 'succeeded');
    }, h);
  });

  it('opens a shared run link after a reload, with the open step kept in the address', async () => {
    const { runs, flowId } = await setUp();
    const runId = runs.get('4712')!;
    const page = await h.newPage();
    await step(page, 'shared-link-through-login', async () => {
      await page.goto(`/runs/${runId}`);
      // Signed out, the link asks to sign in first and then opens the run, not the flows list.
      await page.getByTestId('login-email').fill(demoEmail('manager'));
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(`**/runs/${runId}`);
      await page.getByTestId('run-detail').waitFor();
    }, h);

    await step(page, 'reload-keeps-the-run-and-step', async () => {
      await page.locator('[data-testid="run-step"][data-node-id="send"] .step-row-head').click();
      await page.waitForURL(/[?&]step=/);
      await page.reload();
      const detail = page.getByTestId('run-detail');
      await detail.waitFor();
      expect(await detail.getAttribute('data-run-id')).toBe(runId);
      expect(await page.getByTestId('run-business-key').textContent()).toBe('#4712');
      await page.locator('[data-testid="run-step"][data-node-id="send"] [data-testid="step-error"]').waitFor();
    }, h);

    await step(page, 'old-flow-runs-links-redirect', async () => {
      await page.goto(`/flows/${flowId}/runs?run=${runId}`);
      await page.waitForURL(`**/runs/${runId}`);
      await page.goto(`/flows/${flowId}/runs`);
      await page.waitForURL((url) => url.pathname === '/runs' && url.searchParams.get('flowId') === flowId);
      await until('the flow\'s three runs', () => page.getByTestId('runs-row').count(), (n) => n === 3);
      await screenshot(page, 'operations-runs');
    }, h);
  });

  it('renders the dashboard with the numbers of the runs behind it', async () => {
    const { flowId } = await setUp();
    const page = await h.newPage();
    await login(page, 'manager');
    await page.goto(`/dashboard?flowId=${flowId}`);
    await step(page, 'dashboard-numbers', async () => {
      const chart = page.getByTestId('dash-runs-chart');
      await chart.waitFor();
      // Test 1 retried deal 4711 when it ran first; either way the flow has three runs.
      expect(await page.getByTestId('dash-total-all').textContent()).toBe('3');
      expect(await chart.getAttribute('data-total')).toBe('3');
      const failed = Number(await page.getByTestId('dash-total-failed').textContent());
      const succeeded = Number(await page.getByTestId('dash-total-succeeded').textContent());
      expect(failed + succeeded).toBe(3);
      expect(failed).toBeGreaterThanOrEqual(1);
      const row = page.locator(`[data-testid="dash-flow-row"][data-flow-id="${flowId}"]`);
      expect(await row.getByTestId('dash-flow-runs').textContent()).toBe('3');
      expect(await row.getByTestId('dash-flow-failed').textContent()).toBe(String(failed));
      // Chart.js drew bars: the canvas is not blank.
      const painted = await chart.evaluate((canvas: BrowserGlobal) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      });
      expect(painted).toBeGreaterThan(500);
      await screenshot(page, 'operations-dashboard');
    }, h);
  });

  it('retries deal 4712 with an edited input and lands on the new run, linked to the failed one', async () => {
    const { runs } = await setUp();
    const failedId = runs.get('4712')!;
    const page = await h.newPage();
    await login(page, 'manager');
    await page.goto(`/runs/${failedId}`);
    await step(page, 'rerun-with-edited-input', async () => {
      expect(await page.getByTestId('run-remote-error').getByTestId('remote-body').textContent()).toContain(`deal total ${DEAL_4712_TOTAL}`);
      await page.getByTestId('run-rerun').click();
      const payload = page.getByTestId('rerun-payload');
      await until('the trigger output to be editable', () => payload.inputValue(), (text) => text.includes('"amount": 590'));
      await payload.fill((await payload.inputValue()).replace('"amount": 590', `"amount": ${DEAL_4712_TOTAL}`));
      await page.getByTestId('rerun-start').click();
      await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(failedId));
      await until('the new run to succeed', () => page.getByTestId('run-detail').getAttribute('data-status'), (s) => s === 'succeeded', 20_000);
      expect(await page.getByTestId('run-business-key').textContent()).toBe('#4712');
      expect(await page.getByTestId('run-retry-of').getAttribute('href')).toBe(`/runs/${failedId}`);
      const sent = crm.requests.filter((r) => r.path === '/deals/4712/invoice').map((r) => JSON.parse(r.body).amount);
      expect(sent.at(-1)).toBe(DEAL_4712_TOTAL);
    }, h);
  });
});
