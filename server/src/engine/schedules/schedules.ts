import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cron } from 'croner';
import { own, type FlowGraph } from '@flowbridge/nodes/sdk';
import { civilDate, cronSchedule, DEFAULT_SCHEDULE_TIMEZONE } from '@flowbridge/nodes/core/schedule';
import { CLOCK, type Clock } from '../clock';
import { RunStarter } from '../run-starter';
import { logger } from '../../common/logger';
import { DEFAULT_CALENDAR_ID, WORKDAY_CHECK, type WorkdayCheck } from './workday-check';

export const SCHEDULE_NODE_TYPE = 'core.schedule';

/** A fire time this late is still on time, not missed: ticks are a second apart, a busy database may be slower. */
export const ON_TIME_GRACE_MS = 60_000;
/** How many missed fire times are counted (and looked through for a working day) after a downtime. */
const MISSED_LOOKBACK = 1000;

export type MissedPolicy = 'runOnce' | 'skip';

export interface ScheduleSpec {
  nodeId: string;
  cron: string;
  timezone: string;
  workingDaysOnly: boolean;
  calendar: string;
  missed: MissedPolicy;
}

interface ScheduleRow {
  flow_id: string;
  node_id: string;
  flow_version_id: string;
  cron: string;
  timezone: string;
  working_days_only: boolean;
  calendar: string;
  missed: MissedPolicy;
  next_fire_at: Date;
}

export class ScheduleSpecError extends Error {
  constructor(readonly nodeId: string, readonly field: string, message: string) {
    super(message);
  }
}

/** The schedules of a graph, read from its `core.schedule` triggers and the flow's settings; throws on a bad cron or zone. */
export function scheduleSpecs(graph: FlowGraph): ScheduleSpec[] {
  return graph.nodes.filter((n) => n.type === SCHEDULE_NODE_TYPE).map((node) => {
    const text = (name: string) => {
      const value = own(node.params, name);
      return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    const timezone = text('timezone') ?? graph.settings?.timezone ?? DEFAULT_SCHEDULE_TIMEZONE;
    const cron = text('cron') ?? '';
    try {
      cronSchedule(cron, timezone);
    } catch (error) {
      throw new ScheduleSpecError(node.id, /zone/i.test((error as Error).message) ? 'timezone' : 'cron', (error as Error).message);
    }
    const workingDaysOnly = own(node.params, 'workingDaysOnly');
    return {
      nodeId: node.id,
      cron,
      timezone,
      workingDaysOnly: workingDaysOnly === true || workingDaysOnly === 'true',
      calendar: graph.settings?.calendar ?? DEFAULT_CALENDAR_ID,
      missed: text('missed') === 'skip' ? 'skip' : 'runOnce',
    };
  });
}

/**
 * Cron triggers of published flows. Each schedule is a row holding its next fire time; every
 * worker ticks, and the tick that locks a due row (skip locked) starts the run and moves the row
 * on in one transaction. The run's dedupe key is the fire time, so even a row re-registered by a
 * publish cannot fire the same time twice.
 */
@Injectable()
export class Schedules {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKDAY_CHECK) private readonly workdays: WorkdayCheck,
    private readonly starter: RunStarter,
  ) {}

  /**
   * Points the flow's schedules at a newly published version, inside the publish transaction.
   * A schedule whose cron and zone did not change keeps its next fire time, so a publish right
   * before a fire time does not lose it.
   */
  async register(tx: EntityManager, flowId: string, flowVersionId: string, specs: ScheduleSpec[]): Promise<void> {
    const now = this.clock.now();
    for (const spec of specs) {
      const next = cronSchedule(spec.cron, spec.timezone).nextRun(now);
      if (!next) continue;
      await tx.query(
        `insert into schedules (flow_id, node_id, flow_version_id, cron, timezone, working_days_only, calendar, missed, next_fire_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (flow_id, node_id) do update set flow_version_id = excluded.flow_version_id, cron = excluded.cron, timezone = excluded.timezone,
           working_days_only = excluded.working_days_only, calendar = excluded.calendar, missed = excluded.missed,
           next_fire_at = case when schedules.cron = excluded.cron and schedules.timezone = excluded.timezone
                               then least(schedules.next_fire_at, excluded.next_fire_at) else excluded.next_fire_at end`,
        [flowId, spec.nodeId, flowVersionId, spec.cron, spec.timezone, spec.workingDaysOnly, spec.calendar, spec.missed, next],
      );
    }
    await tx.query(`delete from schedules where flow_id = $1 and not (node_id = any($2::text[]))`, [flowId, specs.map((s) => s.nodeId)]);
  }

  async remove(tx: EntityManager, flowId: string): Promise<void> {
    await tx.query(`delete from schedules where flow_id = $1`, [flowId]);
  }

  /** Starts the runs of every schedule that is due by the engine clock; returns how many runs started. */
  async fireDue(limit = 100): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const due: ScheduleRow[] = await tx.query(
        `select * from schedules where next_fire_at <= $1 order by next_fire_at limit $2 for update skip locked`,
        [now, limit],
      );
      let started = 0;
      for (const row of due) {
        const cron = cronSchedule(row.cron, row.timezone);
        let fire: { at: Date; missed: number } | null;
        try {
          fire = await this.pickFireTime(row, cron, now);
        } catch (err) {
          // A calendar that cannot answer holds back its own schedule (the next tick asks again), never the others.
          logger.warn({ err, flowId: row.flow_id, nodeId: row.node_id }, 'schedule could not decide its fire time');
          continue;
        }
        if (fire) {
          const run = await this.starter.start({
            flowId: row.flow_id,
            flowVersionId: row.flow_version_id,
            triggerNodeId: row.node_id,
            triggerOutput: { firedAt: fire.at.toISOString(), now: now.toISOString(), ...(fire.missed ? { missed: fire.missed } : {}) },
            dedupeKey: `schedule:${row.node_id}:${fire.at.toISOString()}`,
          }, tx);
          if (!run.duplicate) started++;
        }
        const next = cron.nextRun(now);
        if (next) await tx.query(`update schedules set next_fire_at = $3 where flow_id = $1 and node_id = $2`, [row.flow_id, row.node_id, next]);
        else await tx.query(`delete from schedules where flow_id = $1 and node_id = $2`, [row.flow_id, row.node_id]);
      }
      return started;
    });
  }

  /**
   * Which of the due fire times (from the stored next one up to now) gets a run: the latest that
   * is on a working day when that is asked for; with `skip`, only if it is on time. `missed`
   * counts the due times before it that it stands for (up to MISSED_LOOKBACK).
   */
  private async pickFireTime(row: ScheduleRow, cron: Cron, now: Date): Promise<{ at: Date; missed: number } | null> {
    const from = new Date(row.next_fire_at).getTime();
    const upToNow = new Date(now.getTime() + 1);
    // Usually one time is due; only after a downtime is it worth enumerating further back.
    const recent = cron.previousRuns(2, upToNow);
    const due = (recent.length === 2 && recent[1].getTime() >= from ? cron.previousRuns(MISSED_LOOKBACK, upToNow) : recent).filter((t) => t.getTime() >= from);
    for (let i = 0; i < due.length; i++) {
      const at = due[i];
      if (row.missed === 'skip' && now.getTime() - at.getTime() > ON_TIME_GRACE_MS) return null;
      if (row.working_days_only && !(await this.workdays.isWorkday(row.calendar, civilDate(at, row.timezone)))) continue;
      return { at, missed: due.length - i - 1 };
    }
    return null;
  }

  /** The next `count` times each of the flow's schedules will start a run (days off left out when asked). */
  async upcoming(flowId: string, count: number): Promise<{ nodeId: string; cron: string; timezone: string; workingDaysOnly: boolean; calendar: string; missed: MissedPolicy; nextFireTimes: string[] }[]> {
    const rows: ScheduleRow[] = await this.dataSource.query(`select * from schedules where flow_id = $1 order by node_id`, [flowId]);
    const now = this.clock.now();
    return Promise.all(rows.map(async (row) => {
      const spec = { cron: row.cron, timezone: row.timezone, workingDaysOnly: row.working_days_only, calendar: row.calendar };
      // A due time not yet fired is still ahead of the schedule, whatever the clock says.
      const from = new Date(Math.min(now.getTime(), new Date(row.next_fire_at).getTime() - 1));
      return { nodeId: row.node_id, ...spec, missed: row.missed, nextFireTimes: await this.nextFireTimes(spec, from, count) };
    }));
  }

  /**
   * The `count` fire times after `from` of a cron in a time zone (days off of the calendar left
   * out when asked): for published schedules, and for a draft's schedule shown in the editor.
   * Throws on a bad cron or zone (cronSchedule) and on an unknown calendar.
   */
  async nextFireTimes(spec: Pick<ScheduleSpec, 'cron' | 'timezone' | 'workingDaysOnly' | 'calendar'>, from: Date, count: number): Promise<string[]> {
    const cron = cronSchedule(spec.cron, spec.timezone);
    const times: string[] = [];
    let after = from;
    // Bounded: a cron that only matches days off (working days only) must not loop for ever.
    for (let looked = 0; times.length < count && looked < count + 1000; looked++) {
      const next = cron.nextRun(after);
      if (!next) break;
      after = next;
      if (spec.workingDaysOnly && !(await this.workdays.isWorkday(spec.calendar, civilDate(next, spec.timezone)))) continue;
      times.push(next.toISOString());
    }
    return times;
  }
}
