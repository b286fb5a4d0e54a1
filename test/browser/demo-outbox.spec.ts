/**
 * A person runs a flow whose "Notify" steps use the demo's e-mail and Telegram connections, then
 * opens the Demo outbox and reads what went out: recipient, subject, text, the attachment.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { DEMO, ROOT, login, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();
const ARTIFACT = path.join(ROOT, 'test/artifacts/demo-outbox.png');
const PDF = Buffer.from('%PDF-1.7\n% a small invoice for the outbox\n%%EOF\n');

describe('demo outbox', () => {
  it('shows the e-mail and Telegram message a flow sent, to the analyst who drew it', async () => {
    const analyst = await h.api('analyst');
    const connections = (await analyst.get('/api/connections')) as { id: string; name: string }[];
    const idOf = (name: string) => connections.find((c) => c.name === name)!.id;
    const flow = await analyst.post('/api/flows', {
      name: 'Invoice created: tell the head of department',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'invoice', type: 'core.code', params: { code: "return { number: $trigger.number, pdf: { filename: 'invoice-' + $trigger.number + '.pdf', contentBase64: $trigger.pdf, contentType: 'application/pdf' } };" } },
          {
            id: 'mail', type: 'core.notify', params: {
              channel: 'email', emailConnection: idOf(DEMO.connections.email), to: 'head.sales@example.com',
              subject: 'Invoice {{ $steps.invoice.number }} created', text: 'Invoice {{ $steps.invoice.number }} for 4500 ILS is ready.',
              attachments: '{{ $steps.invoice.pdf }}',
            },
          },
          { id: 'chat', type: 'core.notify', params: { channel: 'telegram', telegramConnection: idOf(DEMO.connections.telegram), chatId: '-1001234567890', text: 'New invoice {{ $steps.invoice.number }}' } },
        ],
        edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'mail' }, { from: 'invoice', to: 'chat' }],
      },
    });
    await analyst.post(`/api/flows/${flow.id}/publish`);
    const { runId } = await analyst.post(`/api/flows/${flow.id}/run`, { payload: { number: '2077', pdf: PDF.toString('base64') } });
    await until('the run to finish', () => analyst.get(`/api/runs/${runId}`), (r) => r.status === 'succeeded' || r.status === 'failed', 30_000)
      .then((run) => expect(run.status).toBe('succeeded'));

    const page = await h.newPage();
    await login(page, 'analyst');
    await step(page, 'open-outbox', async () => {
      await page.getByTestId('nav-outbox').click();
      await page.getByTestId('outbox-page').waitFor();
      const mail = page.locator('[data-testid="outbox-item"][data-channel="email"]', { hasText: 'Invoice 2077 created' });
      await mail.waitFor();
      expect(await mail.getByTestId('outbox-to').textContent()).toBe('head.sales@example.com');
      expect(await mail.getByTestId('outbox-text').textContent()).toBe('Invoice 2077 for 4500 ILS is ready.');
      expect(await mail.getByTestId('outbox-attachment').textContent()).toBe(`invoice-2077.pdf · ${PDF.length} B`);
      const chat = page.locator('[data-testid="outbox-item"][data-channel="telegram"]', { hasText: 'New invoice 2077' });
      expect(await chat.getByTestId('outbox-to').textContent()).toBe('-1001234567890');
      mkdirSync(path.dirname(ARTIFACT), { recursive: true });
      await page.screenshot({ path: ARTIFACT, fullPage: true });
    }, h);

    await step(page, 'filter-and-language', async () => {
      await page.getByTestId('outbox-filter-telegram').click();
      await until('only Telegram messages', () => page.getByTestId('outbox-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-channel'))), (c) => c.length > 0 && c.every((x) => x === 'telegram'));
      await page.getByTestId('language-switch').selectOption('ru');
      await until('the Russian title', () => page.locator('h1').textContent(), (t) => t === 'Демо-почта');
    }, h);
  });

  it('is not offered to a manager, and the API refuses them', async () => {
    const page = await h.newPage();
    await login(page, 'manager');
    expect(await page.getByTestId('nav-outbox').count()).toBe(0);
    await page.goto('/demo/outbox');
    await page.locator('.banner-error').waitFor();
    expect(await page.locator('.banner-error').textContent()).toBe('Your role does not allow this.');
  });
});
