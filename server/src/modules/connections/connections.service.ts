import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthError, createHttpClient, NodeError, own } from '@flowbridge/nodes/sdk';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { BadRequestError, NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import type { CredentialsResolver, ResolvedCredentials } from '../../engine/credentials';
import { NodeCatalog } from '../../engine/node-catalog';
import { CREDENTIAL_CIPHER, CredentialCipher } from '../../engine/secrets/credential-cipher';
import { isUuid } from '../../common/ids';

export interface ConnectionView {
  id: string;
  connector: string;
  name: string;
  /** Non-secret fields only (e.g. baseUrl); secret fields are listed by name, never by value. */
  config: Record<string, string>;
  secretFields: string[];
  createdAt: Date;
}

interface ConnectionRow {
  id: string;
  connector: string;
  name: string;
  config: Record<string, string>;
  secrets: string;
  created_at: Date;
}

/** Connections hold credentials: encrypted at rest, decrypted only for the node that uses them. */
@Injectable()
export class ConnectionsService implements CredentialsResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: NodeCatalog,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbound: OutboundPolicy,
  ) {}

  private view(row: ConnectionRow): ConnectionView {
    const connector = this.catalog.connector(row.connector);
    return { id: row.id, connector: row.connector, name: row.name, config: row.config, secretFields: connector?.secretFields ?? [], createdAt: row.created_at };
  }

  async create(input: { connector: string; name: string; credentials: Record<string, string> }): Promise<ConnectionView> {
    const connector = this.catalog.connector(input.connector);
    if (!connector) throw new BadRequestError(`Unknown connector '${input.connector}'`, { field: 'connector' });
    const fields = connector.credentials.fields;
    const config: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const [name, field] of Object.entries(fields)) {
      const value = own(input.credentials, name) ?? field.default;
      if ((value === undefined || value === '') && field.required) {
        throw new BadRequestError(`Missing '${field.label}' (credentials.${name}) for a ${connector.title} connection`, { field: `credentials.${name}` });
      }
      if (value === undefined) continue;
      if (field.secret) secrets[name] = value;
      else config[name] = value;
    }
    const unknown = Object.keys(input.credentials).filter((k) => !Object.hasOwn(fields, k));
    if (unknown.length) throw new BadRequestError(`Unknown credential field(s) for ${connector.title}: ${unknown.join(', ')}`, { field: `credentials.${unknown[0]}` });
    const [row]: ConnectionRow[] = await this.dataSource.query(
      `insert into connections (connector, name, config, secrets) values ($1, $2, $3::jsonb, $4) returning *`,
      [connector.key, input.name, JSON.stringify(config), this.cipher.encrypt(secrets)],
    );
    return this.view(row);
  }

  async list(connector?: string): Promise<ConnectionView[]> {
    const rows: ConnectionRow[] = await this.dataSource.query(
      `select * from connections where ($1::text is null or connector = $1) order by created_at desc`,
      [connector ?? null],
    );
    return rows.map((r) => this.view(r));
  }

  private async row(id: string): Promise<ConnectionRow> {
    const [row] = isUuid(id) ? await this.dataSource.query(`select * from connections where id = $1`, [id]) : [];
    if (!row) throw new NotFoundError('Connection', id);
    return row;
  }

  async get(id: string): Promise<ConnectionView> {
    return this.view(await this.row(id));
  }

  async remove(id: string): Promise<void> {
    await this.row(id);
    await this.dataSource.query(`delete from connections where id = $1`, [id]);
  }

  async resolve(id: string): Promise<ResolvedCredentials> {
    const row = await this.row(id).catch(() => {
      throw new AuthError(`Connection '${id}' does not exist (deleted?)`, { field: 'connection' });
    });
    const secrets = this.cipher.decrypt(row.secrets);
    return { values: { ...row.config, ...secrets }, secrets: Object.values(secrets).filter((v) => typeof v === 'string') };
  }

  /** Options of a dynamic select (pipelines, stages, …) loaded live through the connection. */
  async options(id: string, source: string, params: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    const row = await this.row(id);
    const loader = own(this.catalog.connector(row.connector)?.optionSources, source);
    if (!loader) throw new NotFoundError('Option source', source);
    const { values } = await this.resolve(id);
    return loader(values, { http: createHttpClient({ defaultTimeoutMs: 10_000, outbound: this.outbound }), now: () => this.clock.now(), params });
  }

  /** Asks the remote system whether these credentials work; the answer never includes them. */
  async test(id: string): Promise<{ ok: boolean; message: string }> {
    const row = await this.row(id);
    const connector = this.catalog.connector(row.connector);
    if (!connector?.testConnection) return { ok: true, message: `${connector?.title ?? row.connector} has no connection test; saved as is` };
    const { values, secrets } = await this.resolve(id);
    try {
      await connector.testConnection(values, { http: createHttpClient({ defaultTimeoutMs: 10_000, outbound: this.outbound }), now: () => this.clock.now() });
      return { ok: true, message: 'Connection works' };
    } catch (error) {
      const message = error instanceof NodeError || error instanceof Error ? error.message : String(error);
      const scrubbed = secrets.reduce((text, s) => (s.length >= 4 ? text.split(s).join('[redacted]') : text), message);
      return { ok: false, message: error instanceof AuthError ? `Credentials refused: ${scrubbed}` : scrubbed };
    }
  }
}
