import { ConfigError, type CredentialField } from '../../sdk';

/** An SMTP account as an admin saved it; every credential field arrives as text. */
export interface EmailConnection {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  /** The From header, e.g. `Flowbridge <robot@example.com>`. */
  from: string;
}

/** What an e-mail connection asks an admin for. */
export const emailCredentialFields: Record<string, CredentialField> = {
  host: { label: 'SMTP server', required: true, placeholder: 'smtp.example.com' },
  port: { label: 'Port', required: true, default: '587', description: '587 (STARTTLS) or 465 (TLS); 25 for a relay on this machine' },
  secure: { label: 'TLS from the start', default: 'false', description: 'true for port 465; false upgrades with STARTTLS, which is required unless the server is on this machine' },
  user: { label: 'User name', description: 'Empty for a relay that needs no login' },
  password: { label: 'Password', secret: true, description: 'For Gmail or Yandex: an app password, not the account password' },
  from: { label: 'Sender (From)', required: true, placeholder: 'Flowbridge robot <robot@example.com>', description: 'The address the server lets this account send as' },
};

export function readEmailAuth(credentials: Record<string, string | undefined>): EmailConnection {
  const host = credentials.host?.trim();
  if (!host) throw new ConfigError('The e-mail connection has no SMTP host', { field: 'host' });
  const port = Number(credentials.port?.trim() || 587);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`SMTP port '${credentials.port}' is not a port number`, { field: 'port' });
  const secure = parseFlag(credentials.secure, port === 465);
  const from = credentials.from?.trim();
  if (!from) throw new ConfigError('The e-mail connection has no sender address (From)', { field: 'from' });
  const user = credentials.user?.trim() || undefined;
  if (user && !credentials.password) throw new ConfigError('The e-mail connection has a user name but no password', { field: 'password' });
  return { host, port, secure, user, password: user ? credentials.password : undefined, from };
}

function parseFlag(value: string | undefined, fallback: boolean): boolean {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off'].includes(text)) return false;
  throw new ConfigError(`'${value}' is neither true nor false (secure)`, { field: 'secure' });
}
