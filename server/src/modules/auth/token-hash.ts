import { createHash, randomBytes } from 'node:crypto';

/** Session and API tokens are random 256-bit strings; only their SHA-256 is stored. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
