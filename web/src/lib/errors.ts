import { ApiError } from '../api/client';
import i18n from '../i18n';

const KNOWN = new Set(['network', 'invalid_credentials', 'unauthenticated', 'forbidden', 'too_many_attempts', 'not_found', 'csrf']);

/** A sentence for people: known API codes are translated, otherwise the server's own message. */
export function humanError(error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN.has(error.code)) return i18n.t(`errors.${error.code}`);
    if (error.status === 403) return i18n.t('errors.forbidden');
    if (error.status === 404) return i18n.t('errors.not_found');
    if (error.status >= 500) return i18n.t('errors.server');
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
