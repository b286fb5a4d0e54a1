/**
 * The admin's other pages: users (invite, roles, disable, reset password) and the audit log; and
 * disabling a connector that live flows use asks first, naming them.
 */
import { DEMO, login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();

describe('administration', () => {
  it('invites a user, disables them, and finds both in the audit log', async () => {
    const page = await h.newPage();
    await login(page, 'admin');
    await page.goto('/admin/users');

    await step(page, 'invite', async () => {
      await page.getByTestId('users-table').waitFor();
      await page.getByTestId('invite-email').fill('new.analyst@flowbridge.local');
      await page.getByTestId('invite-submit').click();
      const shown = await until('the one-time password', () => page.getByTestId('user-password').textContent(), (t) => !!t && t.includes('new.analyst@flowbridge.local'));
      expect(shown).toMatch(/[A-Za-z0-9]{12}-7/);
      const row = page.locator('[data-testid="user-row"][data-email="new.analyst@flowbridge.local"]');
      await row.waitFor();
      expect(await row.getByTestId('user-role-analyst').isChecked()).toBe(true);
      await row.getByTestId('user-toggle').click();
      await until('the user disabled', async () => (await (await h.api('admin')).get('/api/users')).find((u: { email: string }) => u.email === 'new.analyst@flowbridge.local')?.disabled, (d) => d === true);
      await screenshot(page, 'admin-users');
    }, h);

    await step(page, 'audit', async () => {
      await page.getByTestId('admin-tab-audit').click();
      await page.getByTestId('audit-table').waitFor();
      await page.getByTestId('audit-action').selectOption('user.disabled');
      await until('only the disable entry', () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), (a) => a.length === 1 && a[0] === 'user.disabled');
      expect(await page.getByTestId('audit-table').textContent()).toContain('admin@flowbridge.local');
      await page.getByTestId('audit-actor').fill('nobody-like-this');
      await until('no rows for an unknown actor', () => page.getByTestId('audit-row').count(), (n) => n === 0);
      await screenshot(page, 'admin-audit');
    }, h);
  });

  it('asks before disabling a connector that a published flow uses, naming the flow', async () => {
    const page = await h.newPage();
    await login(page, 'admin');
    await page.goto('/admin/connectors');
    const kommo = page.locator('[data-testid="connector"][data-connector="kommo"]');
    await kommo.waitFor();
    await step(page, 'disable-confirmation', async () => {
      await kommo.getByTestId('connector-toggle').click({ force: true });
      await page.getByTestId('confirm-ok').waitFor();
      expect(await page.locator('.modal, [role="dialog"]').first().textContent()).toContain(DEMO.flowName);
      await screenshot(page, 'disable-connector-confirmation');
      await page.getByTestId('confirm-cancel').click();
      expect(await kommo.getAttribute('data-enabled')).toBe('true');
      expect((await (await h.api('admin')).get('/api/connectors')).find((c: { key: string }) => c.key === 'kommo').enabled).toBe(true);
    }, h);
  });
});
