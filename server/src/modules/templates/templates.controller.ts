import { ZodBody, ZodResponse } from '../../common/openapi';
import { instantiatedAnswer, templateAnswer } from './templates.responses';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { TemplatesService } from './templates.service';
import { Roles } from '../auth/roles';

const instantiateSchema = z.object({
  params: z.record(z.string(), z.unknown()).default({}),
  publish: z.boolean().default(false),
  /** Names the flows and nodes in this language (ru, es); English otherwise. */
  lang: z.string().max(10).optional(),
});

@ApiTags('templates')
@Controller('api/templates')
@Roles('admin', 'analyst')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ZodResponse(z.array(templateAnswer))
  @ApiOperation({ summary: 'Ready-made scenarios with the params they need' })
  list() {
    return this.templates.list();
  }

  @Post(':id/instantiate')
  @ZodResponse(instantiatedAnswer, { status: 201 })
  @ZodBody(instantiateSchema)
  @ApiOperation({ summary: 'Create the template’s flows from connections and stage ids (optionally publish them)' })
  instantiate(@Param('id') id: string, @Body() body: unknown) {
    const { params, publish, lang } = parseInput(instantiateSchema, body);
    return this.templates.instantiate(id, params, publish, lang);
  }
}
