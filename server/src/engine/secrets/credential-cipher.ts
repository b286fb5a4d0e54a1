import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for credentials at rest. The stored form is `v1.<iv>.<tag>.<ciphertext>` (base64url);
 * the auth tag makes tampering or a wrong key fail loudly instead of yielding garbage.
 */
export class CredentialCipher {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    if (!secretKey || secretKey.length < 32) throw new Error('FLOWBRIDGE_SECRET_KEY must be at least 32 characters');
    // HKDF turns any long secret (hex, base64, passphrase) into exactly 32 key bytes.
    this.key = Buffer.from(hkdfSync('sha256', secretKey, 'flowbridge', 'credentials-v1', 32));
  }

  encrypt(value: Record<string, string>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(stored: string): Record<string, string> {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Stored credentials are in an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'));
    } catch {
      throw new Error('Stored credentials cannot be decrypted: FLOWBRIDGE_SECRET_KEY differs from the key they were saved with');
    }
  }
}

export const CREDENTIAL_CIPHER = Symbol('CredentialCipher');
