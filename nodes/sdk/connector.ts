import type { AnyNode } from './define';
import type { HttpClient } from './context';
import type { Translations } from './texts';

/** One field of a connection form. Secret fields are encrypted at rest and never sent back by the API. */
export interface CredentialField {
  label: string;
  secret?: boolean;
  required?: boolean;
  description?: string;
  placeholder?: string;
  default?: string;
}

export interface ConnectionTestContext {
  http: HttpClient;
  now(): Date;
}

export interface OptionSourceContext {
  http: HttpClient;
  now(): Date;
  /** Params already filled in on the node, e.g. the chosen pipeline when listing its stages. */
  params: Record<string, unknown>;
}

export type OptionSource = (credentials: Record<string, string>, ctx: OptionSourceContext) => Promise<{ value: string; label: string }[]>;

export interface ConnectorManifest {
  /** Stable key: nodes of this connector are typed `<key>.<name>`. */
  key: string;
  title: string;
  category: 'CRM' | 'Billing' | 'Payments' | 'E-documents' | 'Messaging' | 'Generic';
  description: string;
  icon?: string;
  /** How a connection authenticates; `fields` draw the connection form. */
  credentials: { kind: 'bearer' | 'apiKey' | 'oauth2' | 'basic' | 'signingSecret' | 'custom'; fields: Record<string, CredentialField> };
  /** Checks a connection against the remote system; throw AuthError for wrong credentials. */
  testConnection?(credentials: Record<string, string>, ctx: ConnectionTestContext): Promise<void>;
  nodes: readonly AnyNode[];
  /** Loaders behind dynamic selects (a field's `optionsSource`), keyed by source name. */
  optionSources?: Record<string, OptionSource>;
  /** Its texts in the other languages (its own `i18n/` folder): the connector, its nodes, its ports. */
  texts?: Translations;
}

export interface Connector extends ConnectorManifest {
  secretFields: string[];
}

export function defineConnector(manifest: ConnectorManifest): Connector {
  for (const node of manifest.nodes) {
    if (node.definition.connector !== manifest.key || !node.type.startsWith(`${manifest.key}.`)) {
      throw new Error(`Node ${node.type} must be declared with connector '${manifest.key}' and a '${manifest.key}.' type prefix`);
    }
  }
  const secretFields = Object.entries(manifest.credentials.fields).filter(([, f]) => f.secret).map(([k]) => k);
  return { ...manifest, secretFields };
}
