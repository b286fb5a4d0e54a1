import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError, ConfigError, ownText, type CredentialField } from '../../sdk';
import type { KommoConnection } from './types';

export function authorizationHeader(connection: KommoConnection): string {
  if (!connection.accessToken) throw new ConfigError('The Kommo connection has no access token');
  return `Bearer ${connection.accessToken}`;
}

/** Claims of a widget (`X-Auth-Token`) or Salesbot `widget_request` token; all optional on the wire. */
export interface KommoTokenClaims {
  iss?: string;
  aud?: string | string[];
  jti?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  client_uuid?: string;
  account_id?: number;
  subdomain?: string;
  user_id?: number;
  is_admin?: boolean;
  entity_type?: number | string;
  entity_id?: number | string;
  bot_type?: string;
  [claim: string]: unknown;
}

// Widget tokens are HS256 and Salesbot tokens HS512; anything else (notably `none`) is refused.
const HASHES = { HS256: 'sha256', HS512: 'sha512' } as const;
export type KommoTokenAlgorithm = keyof typeof HASHES;
const CLOCK_SKEW_SECONDS = 60;

export function tokenSignature(algorithm: KommoTokenAlgorithm, secret: string, signingInput: string): Buffer {
  return createHmac(HASHES[algorithm], secret).update(signingInput).digest();
}

export function verifyKommoToken(token: string, options: { secret: string; now: Date; audience?: string }): KommoTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AuthError('Kommo token is not a JWT');
  const [encodedHeader, encodedClaims, encodedSignature] = parts;
  const header = decodeJson(encodedHeader) as { alg?: string } | undefined;
  const algorithm = header?.alg;
  if (algorithm !== 'HS256' && algorithm !== 'HS512') throw new AuthError(`Kommo token uses an unaccepted algorithm: ${String(algorithm)}`);

  const expected = tokenSignature(algorithm, options.secret, `${encodedHeader}.${encodedClaims}`);
  const given = Buffer.from(encodedSignature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError('Kommo token signature does not match the integration secret');
  }

  const claims = decodeJson(encodedClaims) as KommoTokenClaims | undefined;
  if (!claims || typeof claims !== 'object') throw new AuthError('Kommo token has no claims');
  const now = Math.floor(options.now.getTime() / 1000);
  // Kommo tokens are disposable: one without an expiry would be valid forever, so it is refused.
  if (typeof claims.exp !== 'number') throw new AuthError('Kommo token has no expiry');
  if (now > claims.exp + CLOCK_SKEW_SECONDS) throw new AuthError('Kommo token has expired');
  if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_SKEW_SECONDS) throw new AuthError('Kommo token is issued in the future');
  if (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_SKEW_SECONDS) throw new AuthError('Kommo token is not valid yet');
  if (options.audience) checkAudience(claims.aud, options.audience);
  return claims;
}

/**
 * The integration secret is shared by every account that installed the widget, so a validly
 * signed token may still come from another account: its subdomain must be the connection's.
 */
export function checkTokenAccount(claims: KommoTokenClaims, baseUrl: string): void {
  const expected = vendorSubdomain(baseUrl);
  if (!expected) return;
  const issuerHost = typeof claims.iss === 'string' ? hostOf(claims.iss) : undefined;
  const claimed = [claims.subdomain, issuerHost && vendorSubdomain(`https://${issuerHost}`)].filter((s): s is string => !!s);
  if (claimed.some((s) => s.toLowerCase() !== expected)) {
    throw new AuthError(`Kommo token belongs to account '${claimed[0]}', not to this connection's '${expected}'`);
  }
}

const VENDOR_DOMAINS = /\.(kommo\.com|amocrm\.ru|amocrm\.com)$/i;

function vendorSubdomain(url: string): string | undefined {
  const host = hostOf(url);
  return host && VENDOR_DOMAINS.test(host) ? host.split('.')[0].toLowerCase() : undefined;
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).hostname;
  } catch {
    return undefined;
  }
}

function checkAudience(aud: KommoTokenClaims['aud'], audience: string): void {
  const wanted = originOf(audience);
  const given = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string').map(originOf);
  if (!given.includes(wanted)) throw new AuthError(`Kommo token is addressed to ${given.join(', ') || 'nobody'}, not to ${wanted}`);
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value.replace(/\/+$/, '');
  }
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('Kommo token is not valid base64url JSON');
  }
}

/** What a Kommo connection asks an admin for. */
export const kommoCredentialFields: Record<string, CredentialField> = {
  baseUrl: {
    label: 'Account URL',
    required: true,
    default: 'https://example.kommo.com',
    placeholder: 'https://example.kommo.com',
    description: 'https://{subdomain}.kommo.com (amoCRM: https://{subdomain}.amocrm.ru)',
  },
  accessToken: {
    label: 'Long-lived token',
    secret: true,
    required: true,
    description: 'Settings → Integrations → your private integration → Keys and scopes → Long-lived token',
  },
  integrationSecret: {
    label: 'Integration secret key',
    secret: true,
    description: 'Only for the "Kommo button" trigger: checks the tokens Kommo widgets and Salesbots sign with it',
  },
};

/** A connection's credentials as the client takes them (checked there); keys are read as own properties only. */
export function readKommoAuth(raw: Record<string, unknown>): KommoConnection {
  return {
    baseUrl: ownText(raw, 'baseUrl') ?? '',
    accessToken: ownText(raw, 'accessToken') ?? '',
    integrationSecret: ownText(raw, 'integrationSecret'),
  };
}
