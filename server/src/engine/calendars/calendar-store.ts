import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfigError, dictionary, flowCalendar, WorkingCalendar, type CalendarData, type DayType, type FlowSettings, type WakePlan } from '@flowbridge/nodes/sdk';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { BUILTIN_CALENDAR_IDS, builtinCalendar } from '../../calendars/builtin';
import type { CalendarYear } from '../../calendars/formats';
import { moveWait } from '../run-store';
import { logger } from '../../common/logger';

export interface CalendarInfo {
  id: string;
  name: string;
  weekend: number[];
  timezone: string;
  source: string;
  version: number;
  /** Years that have at least one exception listed. */
  years: number[];
  updatedAt: string;
}

/** What the engine stores beside a wait computed on a calendar, to compute it again after an edit. */
export interface StoredWakePlan {
  calendar: string;
  timezone: string;
  plan: WakePlan;
}

/** Edits in another process reach this one within this time; edits here apply at once. */
const VERSION_CHECK_MS = 1000;

/**
 * Production calendars in Postgres: the built-in ones are seeded on start, admins edit days and
 * import years. Every edit bumps the calendar's version and, in the same transaction, moves the
 * waits whose wake time was computed on it.
 */
@Injectable()
export class CalendarStore implements OnModuleInit {
  private readonly cache = new Map<string, { calendar: WorkingCalendar; checkedAt: number }>();

  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.seedBuiltins();
  }

  /** Inserts each built-in calendar that is not there yet; an existing one (maybe edited) is left alone. */
  async seedBuiltins(): Promise<void> {
    const present = new Set((await this.dataSource.query(`select id from calendars where id = any($1::text[])`, [BUILTIN_CALENDAR_IDS])).map((r: { id: string }) => r.id));
    for (const id of BUILTIN_CALENDAR_IDS.filter((each) => !present.has(each))) {
      const builtin = builtinCalendar(id);
      await this.dataSource.transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `insert into calendars (id, name, weekend, timezone, source) values ($1, $2, $3, $4, $5) on conflict (id) do nothing returning id`,
          [builtin.id, builtin.name, builtin.weekend, builtin.timezone, builtin.source],
        );
        if (!inserted.length) return;
        const days = builtin.years.flatMap((y) => y.days);
        await tx.query(
          `insert into calendar_days (calendar_id, date, type, name) select $1, d, t, n from unnest($2::date[], $3::text[], $4::text[]) as x(d, t, n)`,
          [builtin.id, days.map((d) => d.date), days.map((d) => d.type), days.map((d) => d.name ?? null)],
        );
      });
    }
  }

  async list(): Promise<CalendarInfo[]> {
    const rows: CalendarRow[] = await this.dataSource.query(
      `select c.id, c.name, c.weekend, c.timezone, c.source, c.version, c.updated_at as "updatedAt",
              coalesce((select array_agg(distinct extract(year from d.date)::int order by extract(year from d.date)::int) from calendar_days d where d.calendar_id = c.id), '{}') as years
       from calendars c order by c.id`,
    );
    return rows.map(toInfo);
  }

  async exists(id: string): Promise<boolean> {
    if (this.cache.has(id)) return true;
    const rows: unknown[] = await this.dataSource.query(`select 1 from calendars where id = $1`, [id]);
    return rows.length > 0;
  }

  async info(id: string): Promise<CalendarInfo | undefined> {
    return (await this.list()).find((c) => c.id === id);
  }

  /** The calendar as it is now; cached per process, re-read when its version moved. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkingCalendar> {
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.checkedAt < VERSION_CHECK_MS) return cached.calendar;
    const [head]: { version: number; weekend: number[] }[] = await manager.query(`select version, weekend from calendars where id = $1`, [id]);
    if (!head) throw new ConfigError(`Unknown production calendar '${id}'`);
    if (cached && cached.calendar.data.version === head.version) {
      cached.checkedAt = Date.now();
      return cached.calendar;
    }
    const rows: { date: string; type: DayType }[] = await manager.query(
      `select to_char(date, 'YYYY-MM-DD') as date, type from calendar_days where calendar_id = $1`, [id],
    );
    const days = dictionary<DayType>(rows.map((r) => [r.date, r.type] as const));
    const data: CalendarData = { id, version: head.version, weekend: head.weekend.map(Number), days };
    const calendar = new WorkingCalendar(data);
    this.cache.set(id, { calendar, checkedAt: Date.now() });
    return calendar;
  }

  /** A flow's calendar and time zone: its own settings, else the server's defaults. */
  async forFlow(settings: FlowSettings | undefined, manager?: EntityManager): Promise<{ calendar: WorkingCalendar; timezone: string }> {
    const calendar = await this.get(settings?.calendar ?? this.config.calendars.defaultCalendar, manager);
    return { calendar, timezone: settings?.timezone ?? this.config.calendars.defaultTimezone };
  }

  async create(input: { id: string; name: string; weekend: number[]; timezone: string }): Promise<CalendarInfo> {
    const inserted: unknown[] = await this.dataSource.query(
      `insert into calendars (id, name, weekend, timezone, source) values ($1, $2, $3, $4, 'custom') on conflict (id) do nothing returning id`,
      [input.id, input.name, input.weekend, input.timezone],
    );
    if (!inserted.length) throw new CalendarConflict(`Calendar '${input.id}' already exists`);
    return (await this.info(input.id))!;
  }

  /** Names given to the year's exceptions, by date. */
  async dayNames(id: string, year: number): Promise<Map<string, string>> {
    const rows: { date: string; name: string }[] = await this.dataSource.query(
      `select to_char(date, 'YYYY-MM-DD') as date, name from calendar_days where calendar_id = $1 and extract(year from date) = $2 and name is not null`, [id, year],
    );
    return new Map(rows.map((r) => [r.date, r.name]));
  }

  /** Sets (or with `type` null, clears) one day's exception. Returns how many waits moved. */
  async setDay(id: string, date: string, type: DayType | null, name?: string | null): Promise<{ replanned: number }> {
    return this.edit(id, async (tx) => {
      if (type === null) await tx.query(`delete from calendar_days where calendar_id = $1 and date = $2`, [id, date]);
      else await tx.query(
        `insert into calendar_days (calendar_id, date, type, name) values ($1, $2, $3, $4)
         on conflict (calendar_id, date) do update set type = excluded.type, name = excluded.name`,
        [id, date, type, name ?? null],
      );
    });
  }

  /** Replaces every exception of the year with the upload's (already validated). */
  async importYear(id: string, year: CalendarYear): Promise<{ replanned: number }> {
    return this.edit(id, async (tx) => {
      await tx.query(`delete from calendar_days where calendar_id = $1 and extract(year from date) = $2`, [id, year.year]);
      await tx.query(
        `insert into calendar_days (calendar_id, date, type, name) select $1, d, t, n from unnest($2::date[], $3::text[], $4::text[]) as x(d, t, n)`,
        [id, year.days.map((d) => d.date), year.days.map((d) => d.type), year.days.map((d) => d.name ?? null)],
      );
    });
  }

  private async edit(id: string, change: (tx: EntityManager) => Promise<void>): Promise<{ replanned: number }> {
    try {
      return await this.dataSource.transaction(async (tx) => {
      // The row lock orders concurrent edits of one calendar, so each re-plan sees the edits before it.
      const locked: unknown[] = await tx.query(`select id from calendars where id = $1 for update`, [id]);
      if (!locked.length) throw new ConfigError(`Unknown production calendar '${id}'`);
      await change(tx);
      await tx.query(`update calendars set version = version + 1, updated_at = now() where id = $1`, [id]);
      this.cache.delete(id);
      const calendar = await this.get(id, tx);
      return { replanned: await this.replan(tx, calendar) };
      });
    } finally {
      // What the transaction read may never have committed.
      this.cache.delete(id);
    }
  }

  /** Moves every wait computed on this calendar to the wake time the edited calendar gives. */
  private async replan(tx: EntityManager, calendar: WorkingCalendar): Promise<number> {
    const waits: { id: string; run_id: string; wake_at: Date; wake_plan: StoredWakePlan }[] = await tx.query(
      `select s.id, s.run_id, s.wake_at, s.wake_plan from steps s join runs r on r.id = s.run_id
       where s.status = 'waiting' and s.wake_plan ->> 'calendar' = $1 and s.event_data is null and r.status = 'waiting'
         and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.iteration_path = s.iteration_path and later.id > s.id)
       for update of s`,
      [calendar.id],
    );
    let moved = 0;
    for (const wait of waits) {
      let wakeAt: Date;
      try {
        wakeAt = flowCalendar(calendar, wait.wake_plan.timezone).wakeAt(wait.wake_plan.plan);
      } catch (error) {
        // A plan this calendar can no longer answer keeps its old time rather than blocking the edit.
        logger.warn({ stepId: wait.id, error: (error as Error).message }, 'wait could not be re-planned');
        continue;
      }
      if (wakeAt.getTime() === new Date(wait.wake_at).getTime()) continue;
      await moveWait(tx, wait.run_id, wait.id, wakeAt);
      moved++;
    }
    return moved;
  }
}

export class CalendarConflict extends Error {}

type CalendarRow = Omit<CalendarInfo, 'updatedAt'> & { updatedAt: Date };

function toInfo(row: CalendarRow): CalendarInfo {
  return { ...row, weekend: row.weekend.map(Number), years: row.years.map(Number), version: Number(row.version), updatedAt: new Date(row.updatedAt).toISOString() };
}
