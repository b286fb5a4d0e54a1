import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { QueueWorker } from '../engine/queue/queue-worker';
import { logger } from '../common/logger';

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | 'unavailable' | 'stopped'>;
}

/** A database that does not answer within this long counts as down: an orchestrator's probe must not hang. */
const DB_PROBE_MS = 2_000;

/**
 * Liveness and readiness for orchestrators, the same in API and worker processes. Readiness names
 * what is not ready but never repeats an error's text: a probe's answer may be public, a database
 * error may carry host names and user names. The text goes to the log instead.
 */
@Injectable()
export class HealthChecks {
  constructor(private readonly dataSource: DataSource, private readonly worker: QueueWorker, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  live(): { status: 'ok'; role: string; uptimeSeconds: number } {
    return { status: 'ok', role: this.config.role, uptimeSeconds: Math.round(process.uptime()) };
  }

  async ready(): Promise<Readiness> {
    const checks: Readiness['checks'] = {};
    checks.database = await this.probe('select 1');
    checks.queue = checks.database === 'ok' ? await this.probe('select 1 from graphile_worker.jobs limit 1') : 'unavailable';
    if (this.config.role !== 'api') checks.worker = this.worker.isRunning() ? 'ok' : 'stopped';
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  }

  private async probe(sql: string): Promise<'ok' | 'unavailable'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DB_PROBE_MS} ms`)), DB_PROBE_MS);
    });
    try {
      await Promise.race([this.dataSource.query(sql), timeout]);
      return 'ok';
    } catch (error) {
      logger.warn({ err: error }, 'readiness probe failed');
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  }
}
