import { AuthError } from '../../sdk';
import { checkTokenAccount, verifyKommoToken } from './auth';
import { signKommoToken } from './simulator-wire';

const SECRET = 'integration-secret';
const NOW = new Date('2026-03-02T09:00:00Z');
const now = NOW.getTime() / 1000;
const verify = (token: string, audience?: string) => verifyKommoToken(token, { secret: SECRET, now: NOW, audience });

describe('verifyKommoToken', () => {
  it.each(['HS256', 'HS512'] as const)('returns the claims of a valid %s token', (algorithm) => {
    const token = signKommoToken({ account_id: 30000001, subdomain: 'example', exp: now + 60 }, SECRET, algorithm);

    expect(verify(token)).toMatchObject({ account_id: 30000001, subdomain: 'example' });
  });

  it.each([
    ['has no expiry', { account_id: 1 }, 'Kommo token has no expiry'],
    ['expired over a minute ago', { exp: now - 61 }, 'Kommo token has expired'],
    ['is issued in the future', { exp: now + 600, iat: now + 300 }, 'Kommo token is issued in the future'],
    ['is not valid yet', { exp: now + 600, nbf: now + 300 }, 'Kommo token is not valid yet'],
  ])('refuses a token that %s', (_case, claims, message) => {
    expect(() => verify(signKommoToken(claims, SECRET))).toThrow(new AuthError(message));
  });

  it('tolerates a minute of clock skew', () => {
    expect(() => verify(signKommoToken({ exp: now - 30, iat: now + 30 }, SECRET))).not.toThrow();
  });

  it('refuses a token whose header claims another algorithm than it was signed with', () => {
    const [, claims, signature] = signKommoToken({ exp: now + 60 }, SECRET, 'HS512').split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

    expect(() => verify(`${header}.${claims}.${signature}`)).toThrow(AuthError);
  });

  it('refuses a token with altered claims', () => {
    const [header, , signature] = signKommoToken({ exp: now + 60, account_id: 1 }, SECRET).split('.');
    const claims = Buffer.from(JSON.stringify({ exp: now + 60, account_id: 2 })).toString('base64url');

    expect(() => verify(`${header}.${claims}.${signature}`)).toThrow('signature does not match');
  });

  it('checks the audience by origin when one is expected', () => {
    const token = signKommoToken({ exp: now + 60, aud: ['https://flows.example.com'] }, SECRET);

    expect(() => verify(token, 'https://flows.example.com/hooks')).not.toThrow();
    expect(() => verify(token, 'https://evil.example.com')).toThrow(AuthError);
  });
});

describe('checkTokenAccount', () => {
  it("accepts a token of the connection's own Kommo subdomain", () => {
    expect(() => checkTokenAccount({ subdomain: 'example', iss: 'https://example.kommo.com' }, 'https://example.kommo.com')).not.toThrow();
  });

  it('refuses a token of another subdomain, by claim or by issuer', () => {
    expect(() => checkTokenAccount({ subdomain: 'other' }, 'https://example.kommo.com')).toThrow(AuthError);
    expect(() => checkTokenAccount({ iss: 'https://other.amocrm.ru' }, 'https://example.amocrm.ru')).toThrow(AuthError);
  });

  it('leaves hosts that are not Kommo (a simulator, a proxy) to the account-id check', () => {
    expect(() => checkTokenAccount({ subdomain: 'other' }, 'http://127.0.0.1:4010')).not.toThrow();
  });
});
