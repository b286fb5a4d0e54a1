import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { logger } from '../../common/logger';
import { RESPOND_CHANNEL } from '../../engine/executor/run-executor';

export interface FlowResponse {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

/**
 * Lets webhook requests wait for their run's core.respond step. One connection per process
 * LISTENs for every run; a waiting request holds no connection, and reads the step when the
 * executor's NOTIFY says it is stored or the run ended (and once more at its deadline, should a notice be lost).
 */
@Injectable()
export class RespondWaiter implements OnApplicationShutdown {
  private readonly waiters = new Map<string, Set<() => void>>();
  private listener?: Promise<Client>;
  private closed = false;

  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The response the run gave within `timeoutMs`, or null when it gave none in time. */
  async wait(runId: string, respondNodeIds: string[], timeoutMs = this.config.respondTimeoutMs): Promise<FlowResponse | null> {
    let wake!: () => void;
    let woken = new Promise<void>((resolve) => (wake = resolve));
    const notify = () => wake();
    const set = this.waiters.get(runId) ?? new Set();
    set.add(notify);
    this.waiters.set(runId, set);
    const deadline = Date.now() + timeoutMs;
    try {
      await this.listen().catch((err) => logger.warn({ err }, 'respond listener unavailable; answering at the deadline'));
      // The run may have answered before this request started listening.
      for (;;) {
        const { response, ended } = await this.read(runId, respondNodeIds);
        if (response || ended || this.closed) return response;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
        woken = new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      set.delete(notify);
      if (!set.size) this.waiters.delete(runId);
    }
  }

  /**
   * The run's answer if it gave one; `ended` when it finished without (a failure before core.respond),
   * or is no run any more (its trigger discarded the delivery).
   */
  private async read(runId: string, nodeIds: string[]): Promise<{ response: FlowResponse | null; ended: boolean }> {
    const [row]: { output: FlowResponse | null; ended: boolean | null }[] = await this.dataSource.query(
      `select (select output from steps where run_id = $1 and node_id = any($2::text[]) and status = 'succeeded' order by id limit 1) as output,
              coalesce((select status not in ('queued', 'running', 'waiting') from runs where id = $1), true) as ended`,
      [runId, nodeIds],
    );
    return { response: row?.output ?? null, ended: row?.ended === true };
  }

  private listen(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('shutting down'));
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.config.databaseUrl });
      const drop = (err?: Error) => {
        if (err) logger.warn({ err }, 'respond listener lost its connection');
        this.listener = undefined;
        client.end().catch(() => undefined);
        // Whoever waits reads the step table once more rather than miss an answer given meanwhile.
        for (const set of this.waiters.values()) for (const notify of set) notify();
      };
      client.on('error', drop);
      client.on('notification', (message) => {
        for (const notify of this.waiters.get(message.payload ?? '') ?? []) notify();
      });
      try {
        await client.connect();
        await client.query(`listen ${RESPOND_CHANNEL}`);
      } catch (error) {
        drop();
        throw error;
      }
      return client;
    })();
    return this.listener;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const set of this.waiters.values()) for (const notify of set) notify();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.then((client) => client.end()).catch(() => undefined);
  }
}
