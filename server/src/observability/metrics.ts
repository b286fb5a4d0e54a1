import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Prometheus metrics of one app instance, in a registry of its own (tests boot several apps in a
 * process). Counters are bumped in memory on the hot path; the queue's depth and lag are read from
 * the database only when Prometheus scrapes.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly runsStarted = new Counter({ name: 'flowbridge_runs_started_total', help: 'Runs accepted, by flow', labelNames: ['flow_id'] as const, registers: [this.registry] });
  readonly runsHandedOff = new Counter({ name: 'flowbridge_runs_handed_off_total', help: 'Runs driven at once by the process that accepted them, without the queue', registers: [this.registry] });
  readonly runsRecovered = new Counter({ name: 'flowbridge_runs_recovered_total', help: 'Runs given a job again after the process driving them stopped beating', registers: [this.registry] });
  readonly runsFinished = new Counter({ name: 'flowbridge_runs_finished_total', help: 'Runs ended, by flow and status', labelNames: ['flow_id', 'status'] as const, registers: [this.registry] });
  readonly stepDuration = new Histogram({
    name: 'flowbridge_step_duration_seconds', help: 'Time a node took to run one step, by node type and outcome',
    labelNames: ['node_type', 'outcome'] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  readonly queueRunnerReplaced = new Counter({
    name: 'flowbridge_queue_runner_replacements_total', help: 'Queue runners this process replaced, by cause (ended, shutting_down, failed, connection, jobs_waiting, stranded, not_fetching)',
    labelNames: ['cause'] as const, registers: [this.registry],
  });
  readonly intake = new Counter({ name: 'flowbridge_intake_requests_total', help: 'Webhook deliveries, by outcome (accepted, duplicate, ignored, refused)', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly sandboxTime = new Histogram({
    name: 'flowbridge_sandbox_seconds', help: 'Time spent in the expression sandbox, by kind (expression, code)',
    labelNames: ['kind'] as const, buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'flowbridge_' });
    const database = dataSource;
    new Gauge({
      name: 'flowbridge_queue_depth', help: 'Jobs due now that no worker has taken yet', registers: [this.registry],
      async collect() {
        const [row] = await database.query(`select count(*)::int as n from graphile_worker.jobs where locked_at is null and run_at <= now() and attempts < max_attempts`).catch(() => [{ n: 0 }]);
        this.set(row.n);
      },
    });
    new Gauge({
      name: 'flowbridge_queue_lag_seconds', help: 'How long the oldest due job has waited for a worker', registers: [this.registry],
      async collect() {
        const [row] = await database.query(
          `select coalesce(extract(epoch from now() - min(run_at)), 0)::float8 as lag from graphile_worker.jobs where locked_at is null and run_at <= now() and attempts < max_attempts`,
        ).catch(() => [{ lag: 0 }]);
        this.set(Math.max(0, Number(row.lag)));
      },
    });
    new Gauge({
      name: 'flowbridge_db_pool_connections', help: 'Database connections of this process, by state (total, idle, waiting for one)', labelNames: ['state'] as const, registers: [this.registry],
      collect() {
        const pool = (database.driver as unknown as { master?: PgPool }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
