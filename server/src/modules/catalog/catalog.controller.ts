import { z } from 'zod';
import { ZodResponse } from '../../common/openapi';
import { catalogTextsAnswer, nodeDescriptionAnswer } from './catalog.responses';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeNode } from '@flowbridge/nodes/sdk';
import { catalogTexts, isTranslatedLanguage } from '@flowbridge/nodes';
import { NotFoundError } from '../../common/errors';
import { NodeCatalog } from '../../engine/node-catalog';
import { ANY_ROLE, Roles } from '../auth/roles';

@ApiTags('catalog')
@Controller('api/nodes')
@Roles(...ANY_ROLE)
export class CatalogController {
  constructor(private readonly catalog: NodeCatalog) {}

  @Get()
  @ZodResponse(z.array(nodeDescriptionAnswer))
  @ApiOperation({ summary: 'Node types a flow may use now, with input JSON Schema and ports' })
  list() {
    return this.catalog.available().map(describeNode);
  }

  @Get('texts/:lang')
  @ZodResponse(catalogTextsAnswer)
  @ApiOperation({ summary: 'What a person reads of the catalogue (nodes, params, ports, connectors) in one language; English is the catalogue itself' })
  texts(@Param('lang') lang: string) {
    if (!isTranslatedLanguage(lang)) throw new NotFoundError('Catalogue texts for language', lang);
    return catalogTexts(lang);
  }
}
