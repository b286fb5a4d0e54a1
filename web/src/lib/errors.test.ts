import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError as ApiErrorType } from '../api/client';

// The i18n module marks the page's language on load; these tests run without a page.
vi.stubGlobal('document', { documentElement: { lang: 'en' } });
const { ApiError } = await import('../api/client');
const { humanError } = await import('./errors');
const { default: i18n } = await import('../i18n');

const apiError = (status: number, code: string, message: string, body: Record<string, unknown> = {}, field?: string): ApiErrorType =>
  new ApiError(status, code, message, [], field, { error: code, message, ...body });

const said = async (lang: string, error: unknown) => {
  await i18n.changeLanguage(lang);
  return humanError(error);
};

describe('API errors in the user’s language', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });

  const noChanges = apiError(409, 'no_changes', 'The draft runs exactly like version 2: nothing to publish', { version: 2 });

  it('says a publish without changes in every language, with the version', async () => {
    expect(await said('en', noChanges)).toBe('Nothing to publish: the draft runs exactly like version 2.');
    expect(await said('ru', noChanges)).toBe('Публиковать нечего: черновик работает так же, как версия 2.');
    expect(await said('es', noChanges)).toBe('No hay nada que publicar: el borrador funciona exactamente como la versión 2.');
  });

  it('names who won a save conflict', async () => {
    const stale = apiError(409, 'stale_revision', 'Someone saved this flow meanwhile (revision 7 by ana@x.test)', { revision: 7, savedBy: 'ana@x.test' });
    expect(await said('ru', stale)).toContain('ana@x.test');
    expect(await said('ru', stale)).toContain('ревизия 7');
    expect(await said('es', stale)).toContain('revisión 7');
  });

  it('counts the problems of an invalid graph with the language’s plural', async () => {
    const invalid = (count: number) => apiError(400, 'invalid_graph', 'The flow graph is invalid', { problems: Array.from({ length: count }, () => ({ message: 'x' })) });
    expect(await said('en', invalid(1))).toBe('The flow has 1 problem to fix first.');
    expect(await said('ru', invalid(5))).toBe('В сценарии 5 проблем: сначала исправьте их.');
    expect(await said('es', invalid(2))).toBe('El flujo tiene 2 problemas que corregir primero.');
  });

  it('keeps the server’s exact sentence for a refused value in English, and names the field elsewhere', async () => {
    const refused = apiError(400, 'bad_request', "'password' must be at least 12 characters", {}, 'password');
    expect(await said('en', refused)).toBe("'password' must be at least 12 characters");
    expect(await said('ru', refused)).toBe('Сервер не принял значение «password»: проверьте его.');
    expect(await said('es', refused)).toBe('El servidor no aceptó «password»: revisa ese valor.');
    expect(await said('es', apiError(400, 'bad_request', 'Invalid body'))).toBe('El servidor no aceptó la solicitud: revisa los valores introducidos.');
  });

  it('says a conflict in the UI language', async () => {
    const conflict = apiError(409, 'conflict', 'The run already ended as succeeded');
    expect(await said('en', conflict)).toBe('The run already ended as succeeded');
    expect(await said('ru', conflict)).toMatch(/^Не выполнено/);
    expect(await said('es', conflict)).toMatch(/^No se hizo/);
  });

  it('falls back to the status for codes it does not know', async () => {
    expect(await said('ru', apiError(503, 'shutting_down', 'The server is shutting down'))).toBe('На сервере что-то пошло не так. Попробуйте чуть позже.');
    expect(await said('en', apiError(422, 'something_new', 'A sentence from the server'))).toBe('A sentence from the server');
  });
});
