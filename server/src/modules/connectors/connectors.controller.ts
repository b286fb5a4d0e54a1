import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeNode } from '@flowbridge/nodes/sdk';
import { NotFoundError } from '../../common/errors';
import { NodeCatalog } from '../../engine/node-catalog';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { Roles, type Principal } from '../auth/roles';

@ApiTags('connectors')
@Controller('api/connectors')
@Roles('admin')
export class ConnectorsController {
  constructor(private readonly catalog: NodeCatalog, private readonly audit: AuditService) {}

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
  @ApiOperation({ summary: 'Every connector, with whether it is enabled and the fields of its connection form' })
  list() {
    return this.catalog.connectors().map((c) => this.view(c.key));
  }

  @Post(':key/enable')
  @HttpCode(200)
  async enable(@CurrentPrincipal() actor: Principal, @Param('key') key: string) {
    this.view(key);
    await this.catalog.setConnectorEnabled(key, true);
    await this.audit.record(actor, 'connector.enabled', { type: 'connector', id: key });
    return this.view(key);
  }

  @Post(':key/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide the connector’s nodes; runs reaching them fail and flows using them cannot be published' })
  async disable(@CurrentPrincipal() actor: Principal, @Param('key') key: string) {
    this.view(key);
    await this.catalog.setConnectorEnabled(key, false);
    await this.audit.record(actor, 'connector.disabled', { type: 'connector', id: key });
    return this.view(key);
  }

  @Get(':key/nodes')
  nodes(@Param('key') key: string) {
    this.view(key);
    return this.catalog.connector(key)!.nodes.map(describeNode);
  }
}
