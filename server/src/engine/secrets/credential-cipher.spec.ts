import { CredentialCipher } from './credential-cipher';

describe('CredentialCipher', () => {
  const cipher = new CredentialCipher('k'.repeat(40));

  it('round-trips credentials and never stores them in clear text', () => {
    const stored = cipher.encrypt({ accessToken: 'tok-123456789' });
    expect(stored).not.toContain('tok-123456789');
    expect(cipher.decrypt(stored)).toEqual({ accessToken: 'tok-123456789' });
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt({ a: 'b' })).not.toEqual(cipher.encrypt({ a: 'b' }));
  });

  it('refuses tampered ciphertext and a different key', () => {
    const stored = cipher.encrypt({ apiKey: 'secret-value' });
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow(/cannot be decrypted/);
    expect(() => new CredentialCipher('z'.repeat(40)).decrypt(stored)).toThrow(/FLOWBRIDGE_SECRET_KEY differs/);
  });

  it('refuses a short key', () => {
    expect(() => new CredentialCipher('short')).toThrow(/at least 32/);
  });
});
