import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { diffGraphs, isEmptyDiff, isTrigger, withoutPins, type FlowGraph, type GraphDiff, type GraphProblem } from '@flowbridge/nodes/sdk';
import { FlowEntity } from '../../database/entities/flow.entity';
import { FlowVersionEntity } from '../../database/entities/flow-version.entity';
import { HttpStatus } from '@nestjs/common';
import { ApiError, ConflictError, InvalidGraphError, NotFoundError } from '../../common/errors';
import { GraphValidator } from '../../engine/graph-validator';
import { NodeCatalog } from '../../engine/node-catalog';
import { HookRoutes } from '../../engine/hook-routes';
import { SecretParams } from '../../engine/secrets/secret-params';
import { isUuid } from '../../common/ids';
import { scheduleSpecs, Schedules, ScheduleSpecError, type ScheduleSpec } from '../../engine/schedules/schedules';
import { Alerts } from '../../engine/alerts/alerts';
import { TriggerPolls } from '../../engine/polls/trigger-polls';
import { VISIBLE_RUN } from '../../engine/run-store';

export interface FlowStats {
  lastRunStatus: string | null;
  lastRunAt: Date | null;
  runsToday: number;
  /** Share of finished runs in the last 24 hours that failed, 0..1; null when none finished. */
  failureRate: number | null;
}

const FLOW_COLUMNS = `id, name, draft, problems, published_version as "publishedVersion", created_at as "createdAt", updated_at as "updatedAt",
  deleted_at as "deletedAt", created_by as "createdBy", revision, updated_by as "updatedBy"`;

export interface FlowView {
  id: string;
  name: string;
  graph: FlowGraph;
  publishedVersion: number | null;
  /** Bumped by every save: send it back with the next save to be told when someone else saved meanwhile. */
  revision: number;
  stats?: FlowStats;
  createdAt: Date;
  updatedAt: Date;
  /** What keeps the draft from being published (missing params, no trigger). */
  problems: GraphProblem[];
}

/** Test runs (of a draft snapshot, version null) and discarded deliveries are left out of a flow's figures. */
const LIVE_RUN = `${VISIBLE_RUN('runs')} and exists (select 1 from flow_versions v where v.id = runs.flow_version_id and v.version is not null)`;

export type FlowSummary = Omit<FlowView, 'graph'> & { nodeCount: number };

@Injectable()
export class FlowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: GraphValidator,
    private readonly catalog: NodeCatalog,
    private readonly hookRoutes: HookRoutes,
    private readonly secrets: SecretParams,
    private readonly schedules: Schedules,
    private readonly polls: TriggerPolls,
    private readonly alerts: Alerts,
  ) {}

  private get flows() {
    return this.dataSource.getRepository(FlowEntity);
  }

  /**
   * A node placed without a version gets its type's newest: from then on the flow keeps that
   * version, and a newer definition never changes how it runs until the analyst upgrades the node.
   */
  private stampVersions(graph: FlowGraph): FlowGraph {
    if (graph.nodes.every((n) => n.version !== undefined)) return graph;
    return { ...graph, nodes: graph.nodes.map((n) => (n.version !== undefined ? n : { ...n, version: this.catalog.get(n.type)?.version ?? 1 })) };
  }

  /** Drafts may be incomplete while being drawn, but never structurally broken. */
  private async checkDraft(graph: unknown): Promise<{ graph: FlowGraph; problems: GraphProblem[] }> {
    const check = await this.validator.check(graph);
    if (!check.graph || check.errors.length) throw new InvalidGraphError(check.errors, check.incomplete);
    return { graph: check.graph, problems: check.incomplete };
  }

  private view(flow: FlowEntity): FlowView {
    return {
      id: flow.id,
      name: flow.name,
      graph: this.secrets.mask(flow.draft),
      publishedVersion: flow.publishedVersion,
      revision: flow.revision,
      createdAt: flow.createdAt,
      updatedAt: flow.updatedAt,
      problems: flow.problems,
    };
  }

  async create(name: string, graphInput: unknown, createdBy?: string): Promise<FlowView> {
    const checked = await this.checkDraft(graphInput);
    const { problems } = checked;
    const graph = this.secrets.seal(this.stampVersions(checked.graph));
    const [row] = await this.dataSource.query(
      `insert into flows (name, draft, problems, created_by) values ($1, $2::jsonb, $3::jsonb, $4) returning ${FLOW_COLUMNS}`,
      [name, JSON.stringify({ ...graph, name }), JSON.stringify(problems), createdBy ?? null],
    );
    return this.view(row);
  }

  /** Without drafts: a list is read every few seconds, and one large draft would weigh on every read. */
  async list(): Promise<FlowSummary[]> {
    const flows: FlowSummary[] = await this.dataSource.query(
      `select id, name, published_version as "publishedVersion", revision, problems, created_at as "createdAt", updated_at as "updatedAt",
              jsonb_array_length(draft->'nodes') as "nodeCount"
       from flows where deleted_at is null order by updated_at desc`,
    );
    const stats = await this.stats(flows.map((f) => f.id));
    return flows.map((f) => ({ ...f, stats: stats.get(f.id) ?? { lastRunStatus: null, lastRunAt: null, runsToday: 0, failureRate: null } }));
  }

  /** What the flows list shows per flow, in one query over the runs indexes. */
  private async stats(ids: string[]): Promise<Map<string, FlowStats>> {
    if (!ids.length) return new Map();
    const rows: { flow_id: string; last_status: string | null; last_at: Date | null; today: number; finished: number; failed: number }[] = await this.dataSource.query(
      `select f.id as flow_id, last.status as last_status, last.created_at as last_at,
              coalesce(day.today, 0)::int as today, coalesce(day.finished, 0)::int as finished, coalesce(day.failed, 0)::int as failed
       from unnest($1::uuid[]) as f(id)
       left join lateral (select status, created_at from runs where flow_id = f.id and ${LIVE_RUN} order by created_at desc, id desc limit 1) last on true
       left join lateral (
         select count(*) filter (where created_at >= date_trunc('day', now())) as today,
                count(*) filter (where status in ('succeeded', 'failed')) as finished,
                count(*) filter (where status = 'failed') as failed
         from runs where flow_id = f.id and created_at >= now() - interval '24 hours' and ${LIVE_RUN}
       ) day on true`,
      [ids],
    );
    return new Map(rows.map((r) => [r.flow_id, {
      lastRunStatus: r.last_status, lastRunAt: r.last_at, runsToday: r.today, failureRate: r.finished ? r.failed / r.finished : null,
    }]));
  }

  async find(id: string): Promise<FlowEntity> {
    const flow = isUuid(id) ? await this.flows.findOne({ where: { id } }) : null;
    if (!flow || flow.deletedAt) throw new NotFoundError('Flow', id);
    return flow;
  }

  /** One flow is checked afresh: a connector enabled since the save may have cleared a problem. */
  async get(id: string): Promise<FlowView> {
    const flow = await this.find(id);
    return this.view({ ...flow, problems: (await this.validator.check(flow.draft)).incomplete });
  }

  async update(id: string, patch: { name?: string; graph?: unknown; revision?: number }, savedBy?: string): Promise<FlowView> {
    const flow = await this.find(id);
    if (patch.revision !== undefined && patch.revision !== flow.revision) throw await this.staleRevision(flow);
    if (patch.graph !== undefined) {
      const checked = await this.checkDraft(patch.graph);
      // A client that saves nodes and edges only (an older editor, a script) must not wipe the
      // flow's time zone, calendar or concurrency. Sending `settings` (even {}) replaces them.
      const settings = checked.graph.settings ?? flow.draft.settings;
      flow.draft = this.secrets.seal(this.stampVersions(settings ? { ...checked.graph, settings } : checked.graph), flow.draft);
      flow.problems = checked.problems;
    }
    if (patch.name !== undefined) flow.name = patch.name;
    return this.saveDraft(flow, savedBy, patch.revision);
  }

  /** 409 naming the revision that won and who saved it, so the editor can offer reload or overwrite. */
  private async staleRevision(flow: Pick<FlowEntity, 'id'>): Promise<ApiError> {
    const [current]: { revision: number; updated_at: Date; email: string | null }[] = await this.dataSource.query(
      `select f.revision, f.updated_at, u.email from flows f left join users u on u.id = f.updated_by where f.id = $1`, [flow.id],
    );
    return new ApiError(HttpStatus.CONFLICT, 'stale_revision',
      `Someone saved this flow meanwhile (revision ${current.revision}${current.email ? ` by ${current.email}` : ''}): reload it, or save again with that revision to overwrite`,
      { revision: current.revision, savedBy: current.email, savedAt: current.updated_at });
  }

  /** Plain SQL: the ORM's save deep-merges the whole draft, tens of ms held on the event loop for a large one. */
  private async saveDraft(flow: FlowEntity, savedBy?: string, expectedRevision?: number): Promise<FlowView> {
    // Compare-and-set: two saves naming the same revision cannot both win.
    const [[row]] = await this.dataSource.query(
      `update flows set name = $2, draft = $3::jsonb, problems = $4::jsonb, updated_at = now(), revision = revision + 1, updated_by = $5
       where id = $1 and ($6::int is null or revision = $6) returning ${FLOW_COLUMNS}`,
      [flow.id, flow.name, JSON.stringify({ ...flow.draft, name: flow.name }), JSON.stringify(flow.problems), savedBy ?? null, expectedRevision ?? null],
    );
    if (!row) throw await this.staleRevision(flow);
    return this.view(row);
  }

  async remove(id: string): Promise<void> {
    const flow = await this.find(id);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`delete from hook_routes where flow_id = $1`, [flow.id]);
      await this.schedules.remove(tx, flow.id);
      await this.polls.remove(tx, flow.id);
      await tx.query(`update flows set deleted_at = now() where id = $1`, [flow.id]);
    });
    this.hookRoutes.invalidate();
  }

  /** Freezes the draft as the next immutable version and points the flow's hooks at it. */
  async publish(id: string, publishedBy?: string, note?: string): Promise<{ version: number; versionId: string }> {
    const flow = await this.find(id);
    const check = await this.validator.check(flow.draft);
    const problems = [...check.errors, ...check.incomplete];
    if (!check.graph || problems.length) throw new InvalidGraphError(problems);
    const graph = withoutPins(this.stampVersions(check.graph));
    let previous: FlowGraph | undefined;
    if (flow.publishedVersion !== null) {
      const [latest]: { graph: FlowGraph }[] = await this.dataSource.query(`select graph from flow_versions where flow_id = $1 and version = $2`, [flow.id, flow.publishedVersion]);
      previous = latest?.graph;
      if (latest && isEmptyDiff(diffGraphs(latest.graph, graph))) {
        throw new ApiError(HttpStatus.CONFLICT, 'no_changes', `The draft runs exactly like version ${flow.publishedVersion}: nothing to publish`, { version: flow.publishedVersion });
      }
    }
    const hooks = graph.nodes.flatMap((node) => {
      const def = this.catalog.forNode(node);
      if (!def || !isTrigger(def)) return [];
      const path = def.definition.hookPath?.(node.params);
      return path ? [{ path, nodeId: node.id }] : [];
    });
    let schedules: ScheduleSpec[];
    try {
      schedules = scheduleSpecs(graph);
    } catch (error) {
      if (error instanceof ScheduleSpecError) throw new InvalidGraphError([{ nodeId: error.nodeId, field: error.field, message: error.message }]);
      throw error;
    }
    const seen = new Set<string>();
    for (const hook of hooks) {
      if (seen.has(hook.path)) throw new InvalidGraphError([{ nodeId: hook.nodeId, field: 'path', message: `Hook path '${hook.path}' is used twice in this flow` }]);
      seen.add(hook.path);
    }

    return this.dataSource.transaction(async (tx) => {
      // Serialises concurrent publishes of one flow so version numbers never collide.
      await tx.query(`select id from flows where id = $1 for update`, [flow.id]);
      if (hooks.length) {
        const taken: { path: string; flow_id: string }[] = await tx.query(
          `select path, flow_id from hook_routes where path = any($1::text[]) and flow_id <> $2`,
          [hooks.map((h) => h.path), flow.id],
        );
        if (taken.length) {
          throw new InvalidGraphError(taken.map((t) => ({ nodeId: hooks.find((h) => h.path === t.path)!.nodeId, field: 'path', message: `Hook path '${t.path}' is already used by flow ${t.flow_id}` })));
        }
      }
      const [{ next }] = await tx.query(`select coalesce(max(version), 0) + 1 as next from flow_versions where flow_id = $1`, [flow.id]);
      const version = await tx.getRepository(FlowVersionEntity).save({ flowId: flow.id, version: next, graph, createdBy: publishedBy ?? null, note: note?.trim() || null });
      await tx.query(`update flows set published_version = $2, updated_at = now() where id = $1`, [flow.id, next]);
      await tx.query(`delete from hook_routes where flow_id = $1`, [flow.id]);
      for (const hook of hooks) {
        await tx.query(`insert into hook_routes (path, flow_id, flow_version_id, node_id) values ($1, $2, $3, $4)`, [hook.path, flow.id, version.id, hook.nodeId]);
      }
      await this.schedules.register(tx, flow.id, version.id, schedules);
      await this.polls.register(tx, flow.id, version.id, graph);
      await this.alerts.register(tx, flow.id, graph, previous);
      return { version: next as number, versionId: version.id };
    }).then((published) => {
      this.hookRoutes.invalidate();
      return published;
    }).catch((error: { code?: string }) => {
      if (error.code === '23505') throw new ConflictError('Another publish of this flow or of the same hook path happened at the same time; try again');
      throw error;
    });
  }

  /** When the published flow's schedules will next start runs. */
  async schedule(id: string, count: number) {
    const flow = await this.find(id);
    return { flowId: flow.id, publishedVersion: flow.publishedVersion, schedules: await this.schedules.upcoming(flow.id, count) };
  }

  /** The draft in the export format: secret params are not part of it. */
  async exportGraph(id: string): Promise<FlowGraph & { name: string }> {
    const flow = await this.find(id);
    return { ...this.secrets.strip(flow.draft), schema: 1, name: flow.name };
  }

  async versions(id: string): Promise<{ version: number; id: string; createdAt: Date; publishedBy: string | null; note: string | null }[]> {
    const flow = await this.find(id);
    return this.dataSource.query(
      `select v.id, v.version, v.created_at as "createdAt", u.email as "publishedBy", v.note
       from flow_versions v left join users u on u.id = v.created_by
       where v.flow_id = $1 and v.version is not null order by v.version desc`,
      [flow.id],
    );
  }

  /** What changed from version `from` to version `to` (a number or "draft"); secret values show only as set. */
  async diff(id: string, from: number, to: number | 'draft'): Promise<GraphDiff & { from: number; to: number | 'draft' }> {
    const flow = await this.find(id);
    const graphOf = async (version: number | 'draft'): Promise<FlowGraph> => {
      if (version === 'draft') return flow.draft;
      const [row] = await this.dataSource.query(`select graph from flow_versions where flow_id = $1 and version = $2`, [flow.id, version]);
      if (!row) throw new NotFoundError('Version', String(version));
      return row.graph;
    };
    const diff = diffGraphs(this.secrets.mask(await graphOf(from)), this.secrets.mask(await graphOf(to)));
    return { from, to, ...diff };
  }

  /** Puts a published version back into the draft; the published version itself stays as it is. */
  async restoreVersion(id: string, version: number): Promise<FlowView> {
    const flow = await this.find(id);
    const [row] = await this.dataSource.query(`select graph from flow_versions where flow_id = $1 and version = $2`, [flow.id, version]);
    if (!row) throw new NotFoundError('Version', String(version));
    flow.draft = { ...row.graph, name: flow.name };
    flow.problems = (await this.validator.check(flow.draft)).incomplete;
    return this.saveDraft(flow);
  }

  /** The newest output of each node across the flow's runs: autocomplete data for the inspector. */
  async samples(id: string): Promise<Record<string, unknown>> {
    const flow = await this.find(id);
    const rows: { node_id: string; output: unknown }[] = await this.dataSource.query(
      `select distinct on (s.node_id) s.node_id, s.output
       from steps s join (select id from runs r where flow_id = $1 and ${VISIBLE_RUN()} order by created_at desc limit 20) r on r.id = s.run_id
       where s.status = 'succeeded' and s.output is not null
       order by s.node_id, s.id desc`,
      [flow.id],
    );
    return Object.fromEntries(rows.map((r) => [r.node_id, r.output]));
  }

  /** The version a manual run uses: the published one, or a snapshot of the draft for test runs. */
  async versionForRun(id: string, useDraft: boolean): Promise<{ flow: FlowEntity; versionId: string; graph: FlowGraph }> {
    const flow = await this.find(id);
    if (!useDraft && flow.publishedVersion !== null) {
      const [row] = await this.dataSource.query(`select id, graph from flow_versions where flow_id = $1 and version = $2`, [flow.id, flow.publishedVersion]);
      return { flow, versionId: row.id, graph: row.graph };
    }
    if (!useDraft) throw new ConflictError(`Flow '${flow.name}' is not published: publish it, or pass "draft": true for a test run`);
    const check = await this.validator.check(flow.draft);
    const problems = [...check.errors, ...check.incomplete];
    if (!check.graph || problems.length) throw new InvalidGraphError(problems);
    const snapshot = await this.dataSource.getRepository(FlowVersionEntity).save({ flowId: flow.id, version: null, graph: check.graph });
    return { flow, versionId: snapshot.id, graph: check.graph };
  }
}
