import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InputError, type SyncLink, type SyncSide, type SyncStore } from '@flowbridge/nodes/sdk';

interface LinkRow {
  sync: string;
  left_id: string;
  right_id: string;
  left_hash: string | null;
  right_hash: string | null;
  updated_at: Date;
}

const toLink = (r: LinkRow): SyncLink => ({ sync: r.sync, leftId: r.left_id, rightId: r.right_id, leftHash: r.left_hash, rightHash: r.right_hash, updatedAt: new Date(r.updated_at).toISOString() });

/** Ids and names come from flows and remote systems: bounded, and no NUL Postgres would refuse. */
function checked(value: string, field: string): string {
  const text = String(value).trim();
  if (!text || text.length > 500 || text.includes('\u0000')) throw new InputError(`'${field}' must be 1–500 characters without NUL`, { field });
  return text;
}

/**
 * The sync-state store behind `ctx.sync`: which record on one side is which on the other, per
 * named sync, with what the sync last left on each side. A pair is found by either id; saving
 * re-points a pair when either id was paired before, so a record is never twinned twice.
 */
@Injectable()
export class SyncLinks {
  constructor(private readonly dataSource: DataSource) {}

  forRun(runId: string): SyncStore {
    return {
      find: (sync, side, id) => this.find(sync, side, id),
      save: (link) => this.save(link, runId),
    };
  }

  async find(sync: string, side: SyncSide, id: string): Promise<SyncLink | null> {
    const column = side === 'left' ? 'left_id' : 'right_id';
    const [row]: LinkRow[] = await this.dataSource.query(`select * from sync_links where sync = $1 and ${column} = $2`, [checked(sync, 'sync'), checked(id, 'id')]);
    return row ? toLink(row) : null;
  }

  async save(link: Omit<SyncLink, 'updatedAt'>, runId: string | null): Promise<SyncLink> {
    const sync = checked(link.sync, 'sync');
    const leftId = checked(link.leftId, 'leftId');
    const rightId = checked(link.rightId, 'rightId');
    return this.dataSource.transaction(async (tx) => {
      // A record paired elsewhere before (re-created on one side) leaves its old pair: one twin each.
      await tx.query(`delete from sync_links where sync = $1 and ((left_id = $2 and right_id <> $3) or (right_id = $3 and left_id <> $2))`, [sync, leftId, rightId]);
      const [row]: LinkRow[] = await tx.query(
        `insert into sync_links (sync, left_id, right_id, left_hash, right_hash, updated_at, updated_by_run) values ($1, $2, $3, $4, $5, now(), $6)
         on conflict (sync, left_id) do update set right_id = excluded.right_id, left_hash = excluded.left_hash, right_hash = excluded.right_hash,
           updated_at = excluded.updated_at, updated_by_run = excluded.updated_by_run
         returning *`,
        [sync, leftId, rightId, link.leftHash, link.rightHash, runId],
      );
      return toLink(row);
    });
  }
}
