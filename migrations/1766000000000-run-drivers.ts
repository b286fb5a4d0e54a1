import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who drives a run: the worker process that claimed it, until the job ends. It replaces a session
 * advisory lock per run, which tied every statement of a run to one connection; with the driver in
 * the row, the claims, step records and ends of many runs share statements (group commit). A
 * driver counts only while its process beats (worker_heartbeats), so a killed worker's runs are
 * free again when its jobs are. Not indexed: setting it keeps the claim's update as cheap as before.
 */
export class RunDrivers1766000000000 implements MigrationInterface {
  name = 'RunDrivers1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table runs add column driver text`);
    await q.query(`create index worker_heartbeats_by_process on worker_heartbeats (process_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index worker_heartbeats_by_process`);
    await q.query(`alter table runs drop column driver`);
  }
}
