/** Headers that carry a caller's credentials: kept for the trigger to check, never stored with a delivery. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token|x-access-token|x-flowbridge-secret|x-amz-security-token|x-csrf-token)$/i;

export const REDACTED = '[redacted]';

export function redactCredentialHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = CREDENTIAL_HEADER.test(name) ? REDACTED : value;
  return out;
}
