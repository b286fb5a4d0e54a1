import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run whose trigger found, on re-reading the entity, that the delivery was no event for the flow
 * (a Bitrix24 update that left the stage alone) leaves the run log. Without a dedupe key it is
 * deleted; with one it stays as a `discarded` row without steps, so that a repeat of the delivery
 * still matches it and starts nothing. No list, count or read shows such a row (see run-store).
 */
export class DiscardedRuns1765900000000 implements MigrationInterface {
  name = 'DiscardedRuns1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table runs drop constraint runs_status_check`);
    await q.query(`alter table runs add constraint runs_status_check check (status in ('queued','running','waiting','succeeded','failed','cancelled','discarded'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from runs where status = 'discarded'`);
    await q.query(`alter table runs drop constraint runs_status_check`);
    await q.query(`alter table runs add constraint runs_status_check check (status in ('queued','running','waiting','succeeded','failed','cancelled'))`);
  }
}
