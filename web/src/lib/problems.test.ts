import { describe, expect, it, vi } from 'vitest';

// The i18n module marks the page's language on load; these tests run without a page.
vi.stubGlobal('document', { documentElement: { lang: 'en' } });
const { localizeProblem } = await import('./problems');
const { default: i18n } = await import('../i18n');

describe('validation problems in the user’s language', () => {
  it('says a value of the wrong shape in Russian and Spanish, naming where it is', async () => {
    const problem = { message: 'nodes.0.position.x: Invalid input: expected number, received string', code: 'invalidShape' as const, params: { path: 'nodes.0.position.x' } };
    await i18n.changeLanguage('ru');
    expect(localizeProblem(problem)).toBe('Данные сценария в «nodes.0.position.x» имеют неверный формат.');
    await i18n.changeLanguage('es');
    expect(localizeProblem(problem)).toBe('Los datos del flujo en «nodes.0.position.x» tienen un formato incorrecto.');
    await i18n.changeLanguage('en');
    expect(localizeProblem(problem)).toBe('The flow data at “nodes.0.position.x” has the wrong shape.');
  });
});
