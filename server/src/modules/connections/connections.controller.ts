import { ZodBody, ZodResponse } from '../../common/openapi';
import { connectionAnswer, connectionTestAnswer, optionsAnswer } from './connections.responses';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { BadRequestError } from '../../common/errors';
import { ConnectionsService } from './connections.service';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { Roles, type Principal } from '../auth/roles';

const createSchema = z.object({
  connector: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  credentials: z.record(z.string(), z.string()),
});

@ApiTags('connections')
@Controller('api/connections')
@Roles('admin')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService, private readonly audit: AuditService) {}

  @Post()
  @ZodResponse(connectionAnswer, { status: 201 })
  @ZodBody(createSchema)
  @ApiOperation({ summary: 'Store credentials for a connector (encrypted; never returned)' })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const connection = await this.connections.create(parseInput(createSchema, body));
    await this.audit.record(actor, 'connection.created', { type: 'connection', id: connection.id }, { connector: connection.connector, name: connection.name });
    return connection;
  }

  @Get()
  @ZodResponse(z.array(connectionAnswer))
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Connections by name (analysts pick them in node forms); never any secret' })
  list(@Query('connector') connector?: string) {
    return this.connections.list(connector);
  }

  @Get(':id')
  @ZodResponse(connectionAnswer)
  get(@Param('id') id: string) {
    return this.connections.get(id);
  }

  @Get(':id/options/:source')
  @ZodResponse(optionsAnswer)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Options for a dynamic select, loaded through the connection (params: JSON of the node’s other params)' })
  options(@Param('id') id: string, @Param('source') source: string, @Query('params') params?: string) {
    let parsed: Record<string, unknown> = {};
    try {
      parsed = params ? JSON.parse(params) : {};
    } catch {
      throw new BadRequestError(`'params' must be JSON`, { field: 'params' });
    }
    return this.connections.options(id, source, parsed);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    await this.connections.remove(id);
    await this.audit.record(actor, 'connection.deleted', { type: 'connection', id });
  }

  @Post(':id/test')
  @ZodResponse(connectionTestAnswer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the credentials against the remote system' })
  test(@Param('id') id: string) {
    return this.connections.test(id);
  }
}
