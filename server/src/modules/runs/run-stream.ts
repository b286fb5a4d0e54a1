import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/errors';
import { logger } from '../../common/logger';
import { VISIBLE_RUN } from '../../engine/run-store';
import type { RunFilter } from './run-filter';

/** How often the shared poller looks at runs while anyone listens; no trigger or NOTIFY on the run hot path. */
export const STREAM_POLL_MS = 500;
const PING_MS = 15_000;
/** Live streams one user may hold (a few tabs); more is a leak or abuse. */
export const STREAMS_PER_USER = 5;
/** Live runs read per tick; beyond it, status changes of the oldest live runs show on the next page load. */
const LIVE_LIMIT = 5000;
/** Runs created per tick, and how far back a tick looks for runs committed late (inserted before, committed after the last tick). */
const CREATED_LIMIT = 2000;
const CREATED_SLACK_MS = 10_000;

interface RunRow {
  id: string;
  flowId: string;
  status: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: { message?: unknown; nodeId?: unknown } | null;
  businessKey: string | null;
  createdAt: Date;
  isTest: boolean;
  triggerType: string | null;
}

export interface StreamFilter extends RunFilter {
  ids?: string[];
}

interface Listener {
  userId: string;
  res: Response;
  filter: StreamFilter;
  ids?: Set<string>;
  connectorFlows?: Set<string>;
}

const COLUMNS = `id, flow_id as "flowId", status, started_at as "startedAt", finished_at as "finishedAt", error, business_key as "businessKey",
  created_at as "createdAt", is_test as "isTest", trigger_type as "triggerType"`;

function matches(l: Listener, run: RunRow): boolean {
  const f = l.filter;
  if (l.ids) return l.ids.has(run.id);
  if (f.flowId && run.flowId !== f.flowId) return false;
  if (f.status && !f.status.includes(run.status as never)) return false;
  if (f.businessKey) {
    const key = run.businessKey ?? '';
    if (f.businessKey.endsWith('*') ? !key.startsWith(f.businessKey.slice(0, -1)) : key !== f.businessKey) return false;
  }
  const created = new Date(run.createdAt).getTime();
  if (f.from && created < f.from.getTime()) return false;
  if (f.to && created >= f.to.getTime()) return false;
  if (f.test !== undefined && run.isTest !== f.test) return false;
  if (f.trigger && run.triggerType !== f.trigger) return false;
  if ((f.errorNode !== undefined || f.errorMessage !== undefined) && run.status !== 'failed') return false;
  if (f.errorNode !== undefined && run.error?.nodeId !== f.errorNode) return false;
  if (f.errorMessage !== undefined && run.error?.message !== f.errorMessage) return false;
  if (l.connectorFlows && !l.connectorFlows.has(run.flowId)) return false;
  return true;
}

/**
 * Live run updates for the run list (server-sent events). One poller per API process, running only
 * while a client listens: each tick reads the live runs, the runs created since the last tick and
 * the runs that left the live set, and sends each listener the changes its filter matches.
 */
@Injectable()
export class RunStream implements OnModuleDestroy {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  /** Status of every run seen live or created since the poller started. */
  private known = new Map<string, string>();
  private createdSince: Date | null = null;
  private baseline: Promise<void> | null = null;
  private ticking = false;
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  async open(userId: string, res: Response, filter: StreamFilter, connectorFlows: string[] | undefined): Promise<void> {
    if (this.closed) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'shutting_down', 'The server is shutting down');
    const held = [...this.listeners].filter((l) => l.userId === userId).length;
    if (held >= STREAMS_PER_USER) throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_streams', `At most ${STREAMS_PER_USER} live streams per user; close another tab`);
    const listener: Listener = { userId, res, filter, ids: filter.ids ? new Set(filter.ids) : undefined, connectorFlows: connectorFlows ? new Set(connectorFlows) : undefined };
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    this.listeners.add(listener);
    res.on('close', () => this.drop(listener));
    await this.start();
    // Every change from here on reaches this listener. The headers go only now, so the client's
    // "open" means exactly that: a page read again on open cannot miss a change made before the
    // baseline (a run that finished between the page's first read and the baseline stayed "running").
    if (!res.writableEnded) {
      res.flushHeaders();
      res.write(`retry: 2000\n: ready\n\n`);
    }
  }

  private drop(listener: Listener): void {
    this.listeners.delete(listener);
    if (!this.listeners.size) this.stop();
  }

  private start(): Promise<void> {
    if (!this.baseline) {
      this.baseline = this.tick(false).catch((error) => logger.warn({ error: (error as Error).message }, 'run stream: first look at runs failed'));
      this.timer = setInterval(() => void this.tick(true).catch((error) => logger.warn({ error: (error as Error).message }, 'run stream: poll failed')), STREAM_POLL_MS);
      this.ping = setInterval(() => this.listeners.forEach((l) => l.res.write(': ping\n\n')), PING_MS);
    }
    return this.baseline;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.ping) clearInterval(this.ping);
    this.timer = this.ping = null;
    this.baseline = null;
    this.known = new Map();
    this.createdSince = null;
  }

  /** One look at runs; with `emit` false it only records the current state (the baseline). */
  private async tick(emit: boolean): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const live: RunRow[] = await this.dataSource.query(
        `select ${COLUMNS} from runs where status in ('queued', 'running', 'waiting') order by created_at desc limit ${LIVE_LIMIT}`,
      );
      if (!this.createdSince) {
        const [newest]: { at: Date | null }[] = await this.dataSource.query(`select max(created_at) as at from runs`);
        this.createdSince = newest?.at ? new Date(newest.at) : new Date(0);
      }
      const since = new Date(this.createdSince.getTime() - CREATED_SLACK_MS);
      const created: RunRow[] = await this.dataSource.query(`select ${COLUMNS} from runs r where created_at > $1 and ${VISIBLE_RUN()} order by created_at desc limit ${CREATED_LIMIT}`, [since]);
      const seen = new Map<string, RunRow>();
      for (const run of [...created, ...live]) seen.set(run.id, run);
      const left = [...this.known.keys()].filter((id) => !seen.has(id) && ['queued', 'running', 'waiting'].includes(this.known.get(id)!));
      const gone: string[] = [];
      if (left.length) {
        const ended: RunRow[] = await this.dataSource.query(`select ${COLUMNS} from runs r where id = any($1::uuid[]) and ${VISIBLE_RUN()}`, [left]);
        for (const run of ended) seen.set(run.id, run);
        // Not ended but gone: its trigger discarded the delivery, so the run never was one.
        for (const id of left) if (!seen.has(id)) gone.push(id);
      }
      const changed = [...seen.values()].filter((run) => this.known.get(run.id) !== run.status);
      for (const run of seen.values()) {
        this.known.set(run.id, run.status);
        const at = new Date(run.createdAt);
        if (at > this.createdSince) this.createdSince = at;
      }
      // Forget ended runs that fell out of the created window: they will not change again.
      for (const [id, status] of this.known) if (!seen.has(id) && !['queued', 'running', 'waiting'].includes(status)) this.known.delete(id);
      for (const id of gone) this.known.delete(id);
      if (emit) for (const run of changed) this.send(run);
      if (emit) for (const id of gone) this.sendRemoved(id);
    } finally {
      this.ticking = false;
    }
  }

  private send(run: RunRow): void {
    const data = JSON.stringify({
      id: run.id, flowId: run.flowId, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt,
      error: run.error ? { message: run.error.message, nodeId: run.error.nodeId } : null, businessKey: run.businessKey, createdAt: run.createdAt,
    });
    for (const listener of this.listeners) if (matches(listener, run)) listener.res.write(`event: run\ndata: ${data}\n\n`);
  }

  /** A run shown live that turned out to be no run: pages listing it drop it. */
  private sendRemoved(id: string): void {
    const data = JSON.stringify({ id });
    for (const listener of this.listeners) if (!listener.ids || listener.ids.has(id)) listener.res.write(`event: removed\ndata: ${data}\n\n`);
  }

  /** The app is closing: every stream ends, so the HTTP server can close without waiting for clients. */
  onModuleDestroy(): void {
    this.closed = true;
    for (const listener of [...this.listeners]) listener.res.end();
    this.listeners.clear();
    this.stop();
  }
}
