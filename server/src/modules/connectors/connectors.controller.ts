import { z } from 'zod';
import { ZodResponse } from '../../common/openapi';
import { nodeDescriptionAnswer } from '../catalog/catalog.responses';
import { connectorAnswer, connectorUsageAnswer } from './connectors.responses';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeNode } from '@flowbridge/nodes/sdk';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import { NodeCatalog } from '../../engine/node-catalog';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { Roles, type Principal } from '../auth/roles';

@ApiTags('connectors')
@Controller('api/connectors')
@Roles('admin')
export class ConnectorsController {
  constructor(private readonly catalog: NodeCatalog, private readonly audit: AuditService, private readonly dataSource: DataSource) {}

  private view(key: string) {
    const c = this.catalog.connector(key);
    if (!c) throw new NotFoundError('Connector', key);
    return {
      key: c.key,
      title: c.title,
      category: c.category,
      description: c.description,
      icon: c.icon,
      enabled: this.catalog.isEnabled(c.key),
      credentials: c.credentials,
      nodes: c.nodes.map((n) => ({ type: n.type, kind: n.kind, title: n.definition.title })),
    };
  }

  @Get()
  @ZodResponse(z.array(connectorAnswer))
  @ApiOperation({ summary: 'Every connector, with whether it is enabled and the fields of its connection form' })
  list() {
    return this.catalog.connectors().map((c) => this.view(c.key));
  }

  @Post(':key/enable')
  @ZodResponse(connectorAnswer)
  @HttpCode(200)
  async enable(@CurrentPrincipal() actor: Principal, @Param('key') key: string) {
    this.view(key);
    await this.catalog.setConnectorEnabled(key, true);
    await this.audit.record(actor, 'connector.enabled', { type: 'connector', id: key });
    return this.view(key);
  }

  @Post(':key/disable')
  @ZodResponse(connectorAnswer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide the connector’s nodes; runs reaching them fail and flows using them cannot be published' })
  async disable(@CurrentPrincipal() actor: Principal, @Param('key') key: string) {
    this.view(key);
    await this.catalog.setConnectorEnabled(key, false);
    await this.audit.record(actor, 'connector.disabled', { type: 'connector', id: key });
    return this.view(key);
  }

  @Get(':key/usage')
  @ZodResponse(connectorUsageAnswer)
  @ApiOperation({ summary: 'Published flows whose live version uses this connector (disabling it stops them)' })
  async usage(@Param('key') key: string) {
    this.view(key);
    const flows: { id: string; name: string; version: number }[] = await this.dataSource.query(
      `select f.id, f.name, f.published_version as version
       from flows f join flow_versions v on v.flow_id = f.id and v.version = f.published_version
       where f.deleted_at is null and exists (
         select 1 from jsonb_array_elements(v.graph -> 'nodes') n
         where starts_with(n ->> 'type', $1)
            -- A core node sending through one of its connections (core.notify to Bitrix24 or Kommo).
            or (jsonb_typeof(n -> 'params') = 'object' and exists (
                 select 1 from jsonb_each(n -> 'params') p join connections c on c.connector = $2 and c.id::text = p.value #>> '{}'
                 where jsonb_typeof(p.value) = 'string')))
       order by f.name`,
      [`${key}.`, key],
    );
    return { flows };
  }

  @Get(':key/nodes')
  @ZodResponse(z.array(nodeDescriptionAnswer))
  nodes(@Param('key') key: string) {
    this.view(key);
    return this.catalog.connector(key)!.nodes.map(describeNode);
  }
}
