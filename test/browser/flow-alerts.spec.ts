/**
 * An analyst says who hears of the flow's failed runs, from the editor's toolbar; an admin sets how
 * long run data is kept. Both reach the server as they were chosen.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';
import { waitSaved } from './support/editor';

const h = sharedBrowserHarness();

describe('alerts and retention settings', () => {
  it('sets e-mail alerts with a digest and an error flow on a flow, saved with its draft', async () => {
    const admin = await h.api('admin');
    const mail = await admin.post('/api/connections', { connector: 'email', name: 'Ops mail', credentials: { host: '127.0.0.1', port: '2525', secure: 'false', from: 'robot@example.com' } });
    const analyst = await h.api('analyst');
    const errorFlow = await analyst.post('/api/flows', { name: 'Tell the head of sales', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } });
    const flow = await analyst.post('/api/flows', { name: 'Invoice with alerts', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } });
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.goto(`/flows/${flow.id}`);
    await page.getByTestId('flow-name').waitFor();
    expect(await page.getByTestId('flow-alerts').getAttribute('data-on')).toBe('false');

    await step(page, 'alerts-dialog', async () => {
      await page.getByTestId('flow-alerts').click();
      await page.getByTestId('alerts-channel').selectOption('email');
      await page.getByTestId('alerts-email-connection').selectOption(mail.id);
      await page.getByTestId('alerts-to').fill('head@example.com; ops@example.com');
      await page.getByTestId('alerts-error-flow').selectOption(errorFlow.id);
      await page.getByTestId('alerts-digest').fill('15');
      await screenshot(page, 'flow-alerts-dialog');
      await page.getByTestId('alerts-save').click();
      await waitSaved(page);
    }, h);

    const saved = await until('the draft to hold the alerts', async () => (await analyst.get(`/api/flows/${flow.id}`)).graph.settings, (s) => !!s?.alerts);
    expect(saved.alerts).toEqual({ notify: { channel: 'email', emailConnection: mail.id, to: ['head@example.com', 'ops@example.com'] }, errorFlowId: errorFlow.id, digestMinutes: 15, language: 'en' });
    expect(await page.getByTestId('flow-alerts').getAttribute('data-on')).toBe('true');
  });

  it('lets an admin change retention and refuses runs kept shorter than their steps', async () => {
    const page = await h.newPage();
    await login(page, 'admin');
    await page.goto('/admin');
    await page.getByTestId('retention-steps').waitFor();
    expect(await page.getByTestId('retention-steps').inputValue()).toBe('30');
    await page.getByTestId('retention-runs').fill('10');
    await page.getByTestId('retention-save').click();
    await page.getByTestId('retention').getByRole('alert').waitFor();
    await page.getByTestId('retention-runs').fill('90');
    await page.getByTestId('retention-save').click();
    const admin = await h.api('admin');
    await until('retention to be saved', () => admin.get('/api/settings/retention'), (r) => r.runDays === 90);
    expect(await admin.get('/api/settings/retention')).toEqual({ stepPayloadDays: 30, runDays: 90 });
  });
});
