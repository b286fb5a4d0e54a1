import { ConfigError } from '@flowbridge/nodes/sdk';

/** Decrypts a connection's credentials for a node. The connections module provides the real one. */
export interface CredentialsResolver {
  resolve<T = Record<string, unknown>>(connectionId: string): Promise<T>;
}

export const CREDENTIALS_RESOLVER = Symbol('CredentialsResolver');

export const noCredentials: CredentialsResolver = {
  resolve: async () => {
    throw new ConfigError('No connection store is configured on this server');
  },
};
