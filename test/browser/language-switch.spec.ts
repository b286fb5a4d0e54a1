/**
 * The interface speaks English, Russian and Spanish: switching the language changes the shell's
 * strings at once, and the choice survives a reload.
 */
import { login, screenshot, sharedBrowserHarness, step, until } from './support/browser-harness';

const h = sharedBrowserHarness();

const CYRILLIC = /[\u0400-\u04FF]/;

describe('the language switch', () => {
  it('switches the interface to Russian and Spanish and keeps the choice', async () => {
    const page = await h.newPage();
    await login(page, 'analyst');
    await page.getByTestId('flows-list').waitFor();
    const text = async () => ({
      nav: ((await page.getByTestId('nav-flows').textContent()) ?? '').trim(),
      newFlow: ((await page.getByTestId('new-flow').textContent()) ?? '').trim(),
    });

    const english = await text();
    expect(english.nav).toBeTruthy();
    expect(english.nav).not.toMatch(CYRILLIC);
    expect(await page.getByTestId('language-switch').inputValue()).toBe('en');

    const russian = await step(page, 'to-russian', async () => {
      await page.getByTestId('language-switch').selectOption('ru');
      const ru = await until('the shell in Russian', text, (t) => CYRILLIC.test(t.nav) && CYRILLIC.test(t.newFlow));
      await screenshot(page, 'lang-ru');
      return ru;
    }, h);

    await step(page, 'to-spanish', async () => {
      await page.getByTestId('language-switch').selectOption('es');
      const es = await until('the shell in Spanish', text, (t) => t.nav !== english.nav && t.nav !== russian.nav && !CYRILLIC.test(t.nav + t.newFlow));
      expect(es.newFlow).not.toBe(english.newFlow);
      await screenshot(page, 'lang-es');

      await page.reload();
      await page.getByTestId('nav-flows').waitFor();
      await until('Spanish after a reload', text, (t) => t.nav === es.nav && t.newFlow === es.newFlow);
      expect(await page.getByTestId('language-switch').inputValue()).toBe('es');
    }, h);

    await step(page, 'back-to-english', async () => {
      await page.getByTestId('language-switch').selectOption('en');
      await until('the shell in English again', text, (t) => t.nav === english.nav && t.newFlow === english.newFlow);
    }, h);
  });
});
