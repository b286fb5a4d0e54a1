import { ApiError } from '../api/client';
import i18n from '../i18n';

const KNOWN = new Set([
  'network', 'invalid_credentials', 'unauthenticated', 'forbidden', 'too_many_attempts', 'not_found', 'csrf',
  'account_locked', 'no_changes', 'stale_revision', 'invalid_graph', 'payload_too_large', 'malformed_body', 'bad_body', 'too_many_streams',
]);

/**
 * Codes that cover many cases (which field, which state): the server's sentence says exactly which,
 * in English. An English UI shows it; other languages get the code's sentence, naming the field.
 */
const DETAILED = new Set(['bad_request', 'conflict']);

/** The values a code's sentence names, taken from the error body. */
function params(error: ApiError): Record<string, string | number> {
  const body = error.body;
  const out: Record<string, string | number> = {};
  for (const key of ['version', 'revision'] as const) if (typeof body[key] === 'number') out[key] = body[key];
  out.by = typeof body.savedBy === 'string' ? body.savedBy : '—';
  out.count = Array.isArray(body.problems) ? body.problems.length : error.problems.length;
  out.field = error.field ?? '';
  return out;
}

/** A sentence for people: known API codes are said in the UI language, otherwise the server's own message. */
export function humanError(error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN.has(error.code)) return i18n.t(`errors.${error.code}`, params(error));
    if (DETAILED.has(error.code)) {
      if ((i18n.resolvedLanguage ?? 'en') === 'en' && error.message) return error.message;
      return i18n.t(error.code === 'bad_request' && error.field ? 'errors.bad_request_field' : `errors.${error.code}`, params(error));
    }
    if (error.status === 403) return i18n.t('errors.forbidden');
    if (error.status === 404) return i18n.t('errors.not_found');
    if (error.status >= 500) return i18n.t('errors.server');
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
