import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { logger } from '../../common/logger';
import { isUuid } from '../../common/ids';
import { CLOCK, type Clock } from '../clock';
import { deleteOldRuns, pruneStepPayloads } from '../run-store';

const DAY_MS = 24 * 60 * 60 * 1000;

export const retentionSettingsSchema = z.object({
  /** Inputs and outputs of steps are kept this many days after their run started. */
  stepPayloadDays: z.number().int().min(1).max(3650),
  /** Runs (their status, steps and errors) are kept this many days. */
  runDays: z.number().int().min(1).max(36500),
}).strict().refine((s) => s.runDays >= s.stepPayloadDays, { message: 'runs must be kept at least as long as their step data', path: ['runDays'] });
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const DEFAULT_RETENTION: RetentionSettings = { stepPayloadDays: 30, runDays: 365 };

export interface PruneReport {
  batches: number;
  payloadRuns: number;
  payloadSteps: number;
  deletedRuns: number;
  /** More is due than one tick may do: the next tick goes on. */
  more: boolean;
}

/**
 * Retention of run data, pruned in small batches, each its own short transaction, so no prune
 * holds locks that intake or the executor would wait on. Step payloads go first (they are most of
 * the bytes); whole runs go later. Where payload pruning got to is kept as a keyset in `settings`,
 * so a tick never re-reads what it already pruned.
 */
@Injectable()
export class Retention {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  async settings(): Promise<RetentionSettings> {
    const [row]: { value: unknown }[] = await this.dataSource.query(`select value from settings where key = 'retention'`);
    const parsed = retentionSettingsSchema.safeParse(row?.value);
    return parsed.success ? parsed.data : DEFAULT_RETENTION;
  }

  async saveSettings(value: RetentionSettings, userId: string | null): Promise<RetentionSettings> {
    await this.dataSource.query(
      `insert into settings (key, value, updated_at, updated_by) values ('retention', $1::jsonb, now(), $2)
       on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
      [JSON.stringify(value), userId],
    );
    return value;
  }

  /** One tick: at most `maxBatches` batches of `batchSize` runs each. */
  async pruneDue(options: { batchSize?: number; maxBatches?: number } = {}): Promise<PruneReport> {
    const batchSize = options.batchSize ?? 500;
    const maxBatches = options.maxBatches ?? 40;
    const settings = await this.settings();
    const now = this.clock.now().getTime();
    const report: PruneReport = { batches: 0, payloadRuns: 0, payloadSteps: 0, deletedRuns: 0, more: false };

    const payloadsBefore = new Date(now - settings.stepPayloadDays * DAY_MS);
    let mark = await this.payloadMark();
    while (report.batches < maxBatches) {
      const pruned = await pruneStepPayloads(this.dataSource.manager, mark, payloadsBefore, batchSize);
      report.batches++;
      report.payloadRuns += pruned.runs;
      report.payloadSteps += pruned.steps;
      if (!pruned.last) break;
      mark = pruned.last;
      await this.savePayloadMark(mark);
    }

    const runsBefore = new Date(now - settings.runDays * DAY_MS);
    while (report.batches < maxBatches) {
      const deleted = await deleteOldRuns(this.dataSource.manager, runsBefore, batchSize);
      report.batches++;
      report.deletedRuns += deleted;
      if (deleted < batchSize) break;
    }
    report.more = report.batches >= maxBatches;
    if (report.payloadSteps || report.deletedRuns) logger.info(report, 'retention pruned old run data');
    return report;
  }

  private async payloadMark(): Promise<{ at: string; id: string } | null> {
    const [row]: { value: { at?: unknown; id?: unknown } }[] = await this.dataSource.query(`select value from settings where key = 'retention.payloads_pruned_until'`);
    const { at, id } = row?.value ?? {};
    return typeof at === 'string' && /^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(at) && typeof id === 'string' && isUuid(id) ? { at, id } : null;
  }

  private async savePayloadMark(mark: { at: string; id: string }): Promise<void> {
    await this.dataSource.query(
      `insert into settings (key, value) values ('retention.payloads_pruned_until', $1::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [JSON.stringify(mark)],
    );
  }
}
