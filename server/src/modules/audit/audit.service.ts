import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/roles';

export type AuditAction =
  | 'flow.created' | 'flow.updated' | 'flow.deleted' | 'flow.published'
  | 'connector.enabled' | 'connector.disabled'
  | 'connection.created' | 'connection.deleted'
  | 'user.created' | 'user.roles_changed' | 'user.disabled' | 'user.enabled'
  | 'token.created' | 'token.revoked'
  | 'run.retried' | 'run.cancelled' | 'run.woken' | 'run.fired_now' | 'run.rerun_with_input' | 'runs.bulk_retried' | 'runs.bulk_cancelled' | 'login.succeeded' | 'login.failed'
  | 'calendar.created' | 'calendar.day_set' | 'calendar.imported'
  | 'settings.retention_changed'
  | 'table.created' | 'table.updated' | 'table.deleted' | 'table.imported';

/** Who changed what, when. Details never carry secrets: callers pass ids and names only. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(actor: Pick<Principal, 'id' | 'email'> | null, action: AuditAction, target?: { type: string; id: string }, details?: Record<string, unknown>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `insert into audit_log (actor_id, actor_email, action, target_type, target_id, details) values ($1, $2, $3, $4, $5, $6::jsonb)`,
      [actor?.id ?? null, actor?.email ?? null, action, target?.type ?? null, target?.id ?? null, details ? JSON.stringify(details) : null],
    );
  }

  /** Newest first; `actor` matches part of the e-mail, `from`/`to` bound the time (a date means that whole day). */
  async list(q: { limit: number; action?: string; actor?: string; from?: string; to?: string }) {
    const to = q.to && /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? `${q.to}T23:59:59.999Z` : q.to;
    return this.dataSource.query(
      `select id, at, actor_id as "actorId", actor_email as "actorEmail", action, target_type as "targetType", target_id as "targetId", details
       from audit_log
       where ($1::text is null or action = $1) and ($3::text is null or actor_email ilike '%' || $3 || '%')
         and ($4::timestamptz is null or at >= $4) and ($5::timestamptz is null or at <= $5)
       order by at desc, id desc limit $2`,
      [q.action ?? null, q.limit, q.actor?.replace(/[%_\\]/g, '\\$&') ?? null, q.from ?? null, to ?? null],
    );
  }
}
