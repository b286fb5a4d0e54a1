import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeNode } from '@flowbridge/nodes/sdk';
import { NodeCatalog } from '../../engine/node-catalog';
import { ANY_ROLE, Roles } from '../auth/roles';

@ApiTags('catalog')
@Controller('api/nodes')
@Roles(...ANY_ROLE)
export class CatalogController {
  constructor(private readonly catalog: NodeCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Node types a flow may use now, with input JSON Schema and ports' })
  list() {
    return this.catalog.available().map(describeNode);
  }
}
