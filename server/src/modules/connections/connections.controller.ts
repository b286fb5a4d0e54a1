import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { ConnectionsService } from './connections.service';

const createSchema = z.object({
  connector: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  credentials: z.record(z.string(), z.string()),
});

@ApiTags('connections')
@Controller('api/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @ApiOperation({ summary: 'Store credentials for a connector (encrypted; never returned)' })
  create(@Body() body: unknown) {
    return this.connections.create(parseInput(createSchema, body));
  }

  @Get()
  list(@Query('connector') connector?: string) {
    return this.connections.list(connector);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.connections.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string) {
    await this.connections.remove(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the credentials against the remote system' })
  test(@Param('id') id: string) {
    return this.connections.test(id);
  }
}
