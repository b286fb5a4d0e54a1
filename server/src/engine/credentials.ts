export interface ResolvedCredentials {
  /** Every field of the connection, secret or not (baseUrl, accessToken, …). */
  values: Record<string, string>;
  /** The secret values among them, so whatever the step records can be scrubbed of them. */
  secrets: string[];
}

/** Decrypts a connection's credentials for a node. The connections module provides the real one. */
export interface CredentialsResolver {
  resolve(connectionId: string): Promise<ResolvedCredentials>;
}

export const CREDENTIALS_RESOLVER = Symbol('CredentialsResolver');

/** Hands credentials to node code while remembering every secret it was given. */
export function trackingCredentials(resolver: CredentialsResolver) {
  const secrets = new Set<string>();
  return {
    secrets,
    get: async <T>(connectionId: string): Promise<T> => {
      const resolved = await resolver.resolve(connectionId);
      for (const s of resolved.secrets) secrets.add(s);
      return resolved.values as T;
    },
  };
}
