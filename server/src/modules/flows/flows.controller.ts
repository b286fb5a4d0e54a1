import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { ManualRunService } from '../triggers/manual-run.service';
import { FlowsService } from './flows.service';

const createSchema = z.object({ name: z.string().trim().min(1).max(200), graph: z.unknown() });
const updateSchema = z.object({ name: z.string().trim().min(1).max(200).optional(), graph: z.unknown().optional() });
const runSchema = z.object({ payload: z.unknown().optional(), draft: z.boolean().optional() });

@ApiTags('flows')
@Controller('api/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService, private readonly manualRuns: ManualRunService) {}

  @Get()
  @ApiOperation({ summary: 'List flows' })
  list() {
    return this.flows.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a flow from a name and a graph (the export format)' })
  create(@Body() body: unknown) {
    const { name, graph } = parseInput(createSchema, body);
    return this.flows.create(name, graph ?? { nodes: [], edges: [] });
  }

  @Post('import')
  @ApiOperation({ summary: 'Import an exported flow JSON as a new draft' })
  import(@Body() body: unknown) {
    const graph = parseInput(z.object({ name: z.string().trim().min(1).max(200), nodes: z.array(z.unknown()) }).passthrough(), body);
    return this.flows.create(graph.name, graph);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.flows.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Save the draft (name and/or graph)' })
  update(@Param('id') id: string, @Body() body: unknown) {
    return this.flows.update(id, parseInput(updateSchema, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string) {
    await this.flows.remove(id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze the draft as a new immutable version' })
  publish(@Param('id') id: string) {
    return this.flows.publish(id);
  }

  @Get(':id/versions')
  versions(@Param('id') id: string) {
    return this.flows.versions(id);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'The draft in the flow JSON format' })
  async export(@Param('id') id: string) {
    const flow = await this.flows.get(id);
    return { ...flow.graph, schema: 1, name: flow.name };
  }

  @Post(':id/run')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a run by hand (the published version, or the draft with "draft": true)' })
  run(@Param('id') id: string, @Body() body: unknown) {
    const { payload, draft } = parseInput(runSchema, body);
    return this.manualRuns.start(id, payload ?? {}, draft ?? false);
  }
}
