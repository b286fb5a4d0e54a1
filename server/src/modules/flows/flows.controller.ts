import { ZodBody, ZodResponse } from '../../common/openapi';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { BadRequestError } from '../../common/errors';
import { ManualRunService } from '../triggers/manual-run.service';
import { FlowsService } from './flows.service';
import { diffAnswer, flowAnswer, flowSummaryAnswer, graphAnswer, publishAnswer, runStartedAnswer, samplesAnswer, scheduleAnswer, versionsAnswer } from './flows.responses';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Roles, type Principal } from '../auth/roles';

const createSchema = z.object({ name: z.string().trim().min(1).max(200), graph: z.unknown() });
const updateSchema = z.object({ name: z.string().trim().min(1).max(200).optional(), graph: z.unknown().optional(), revision: z.number().int().min(1).max(2_147_483_647).optional() });
const publishSchema = z.object({ note: z.string().max(500).optional() });
const runSchema = z.object({
  payload: z.unknown().optional(),
  draft: z.boolean().optional(),
  /** A test run of the draft from this node on, with what ran before it taken from an earlier run. */
  from: z.object({ runId: z.string().max(64), nodeId: z.string().min(1).max(64) }).strict().optional(),
}).refine((body) => !body.from || body.draft === true, { message: 'a run from a node is a test run: pass "draft": true', path: ['draft'] });

@ApiTags('flows')
@Controller('api/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService, private readonly manualRuns: ManualRunService, private readonly audit: AuditService) {}

  @Get()
  @ZodResponse(z.array(flowSummaryAnswer))
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'List flows' })
  list() {
    return this.flows.list();
  }

  @Post()
  @ZodResponse(flowAnswer, { status: 201 })
  @ZodBody(createSchema)
  @ApiOperation({ summary: 'Create a flow from a name and a graph (the export format)' })
  @Roles('admin', 'analyst')
  async create(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const { name, graph } = parseInput(createSchema, body);
    const flow = await this.flows.create(name, graph ?? { nodes: [], edges: [] }, actor.id);
    await this.audit.record(actor, 'flow.created', { type: 'flow', id: flow.id }, { name });
    return flow;
  }

  @Post('import')
  @ZodResponse(flowAnswer, { status: 201 })
  @ApiOperation({ summary: 'Import an exported flow JSON as a new draft' })
  @Roles('admin', 'analyst')
  async import(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const graph = parseInput(z.object({ name: z.string().trim().min(1).max(200), nodes: z.array(z.unknown()) }).passthrough(), body);
    const flow = await this.flows.create(graph.name, graph, actor.id);
    await this.audit.record(actor, 'flow.created', { type: 'flow', id: flow.id }, { name: graph.name, imported: true });
    return flow;
  }

  @Get(':id')
  @ZodResponse(flowAnswer)
  @Roles(...ANY_ROLE)
  get(@Param('id') id: string) {
    return this.flows.get(id);
  }

  @Put(':id')
  @ZodResponse(flowAnswer)
  @ZodBody(updateSchema)
  @ApiOperation({ summary: 'Save the draft (name and/or graph)' })
  @Roles('admin', 'analyst')
  async update(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const flow = await this.flows.update(id, parseInput(updateSchema, body), actor.id);
    await this.audit.record(actor, 'flow.updated', { type: 'flow', id });
    return flow;
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'analyst')
  async remove(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    await this.flows.remove(id);
    await this.audit.record(actor, 'flow.deleted', { type: 'flow', id });
  }

  @Post(':id/publish')
  @ZodResponse(publishAnswer)
  @ZodBody(publishSchema)
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze the draft as a new immutable version' })
  @Roles('admin', 'analyst')
  async publish(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { note } = parseInput(publishSchema, body);
    const published = await this.flows.publish(id, actor.id, note);
    await this.audit.record(actor, 'flow.published', { type: 'flow', id }, { version: published.version, note: note ?? null });
    return published;
  }

  @Get(':id/versions')
  @ZodResponse(versionsAnswer)
  @Roles(...ANY_ROLE)
  versions(@Param('id') id: string) {
    return this.flows.versions(id);
  }

  @Post(':id/versions/:version/restore')
  @ZodResponse(flowAnswer)
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Replace the draft with a published version' })
  async restore(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Param('version') version: string) {
    const n = Number(version);
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new BadRequestError(`'version' must be a version number`, { field: 'version' });
    const flow = await this.flows.restoreVersion(id, n);
    await this.audit.record(actor, 'flow.updated', { type: 'flow', id }, { restoredVersion: n });
    return flow;
  }

  @Get(':id/versions/:from/diff/:to')
  @ZodResponse(diffAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'What changed between two versions (to may be "draft"): nodes added, removed, changed params, edges' })
  diff(@Param('id') id: string, @Param('from') from: string, @Param('to') to: string) {
    return this.flows.diff(id, versionNumber(from, 'from'), to === 'draft' ? 'draft' : versionNumber(to, 'to'));
  }

  @Get(':id/samples')
  @ZodResponse(samplesAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Newest output of each node from recent runs (editor autocomplete)' })
  samples(@Param('id') id: string) {
    return this.flows.samples(id);
  }

  @Get(':id/schedule')
  @ZodResponse(scheduleAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "The published flow's schedules and their next fire times (?count=, default 5, at most 100)" })
  schedule(@Param('id') id: string, @Query('count') count?: string) {
    const n = count === undefined ? 5 : Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new BadRequestError(`'count' must be a whole number from 1 to 100`, { field: 'count' });
    return this.flows.schedule(id, n);
  }

  @Get(':id/export')
  @ZodResponse(graphAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The draft in the flow JSON format' })
  export(@Param('id') id: string) {
    return this.flows.exportGraph(id);
  }

  @Post(':id/run')
  @ZodResponse(runStartedAnswer, { status: 202 })
  @ZodBody(runSchema)
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a run by hand (the published version, or the draft with "draft": true; from a node with "from": { runId, nodeId })' })
  @Roles('admin', 'analyst')
  run(@Param('id') id: string, @Body() body: unknown) {
    const { payload, draft, from } = parseInput(runSchema, body);
    return this.manualRuns.start(id, payload ?? {}, draft ?? false, from);
  }
}

function versionNumber(raw: string, field: string): number {
  const n = Number(raw);
  if (!/^\d{1,10}$/.test(raw) || !Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new BadRequestError(`'${field}' must be a version number`, { field });
  return n;
}
