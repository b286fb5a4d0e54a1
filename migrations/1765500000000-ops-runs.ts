import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs across flows (issue 13). `is_test` and `trigger_type` are written once, by the insert that
 * starts the run, from the version graph the starter has cached: the list filters and shows them
 * without joining flow_versions, which grows with every test run's draft snapshot. `retry_of` links
 * a run started with an edited trigger payload to the run it repeats; it is a plain column (no
 * foreign key) so pruning old runs never has to look for runs pointing at them.
 *
 * Indexes, each for a query that needs it:
 * - runs_by_business_key is rebuilt with text_pattern_ops: the same single index serves the exact
 *   business-key search and the `4711*` prefix search (LIKE 'p%' needs pattern ops under a non-C
 *   collation), so inserts pay for no extra index.
 * - runs_tests (partial, test runs only): `test=true` finds the few test runs among millions
 *   without walking runs_by_created; live runs, the hot path, never enter it.
 * - runs_failed_by_error (partial, failed runs only): the dashboard's top-error links
 *   (errorNode + errorMessage) and the error stats read the failed runs of a period by their
 *   error without touching the rest; only failing a run writes it.
 */
export class OpsRuns1765500000000 implements MigrationInterface {
  name = 'OpsRuns1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table runs add column is_test boolean not null default false, add column trigger_type text, add column retry_of uuid`);
    await q.query(`update runs set is_test = true from flow_versions v where v.id = runs.flow_version_id and v.version is null`);
    await q.query(`
      update runs set trigger_type = n.type
      from flow_versions v, jsonb_to_recordset(v.graph->'nodes') as n(id text, type text)
      where v.id = runs.flow_version_id and n.id = runs.trigger_node_id`);
    await q.query(`drop index runs_by_business_key`);
    await q.query(`create index runs_by_business_key on runs (business_key text_pattern_ops, created_at desc, id desc) where business_key is not null`);
    await q.query(`create index runs_tests on runs (created_at desc, id desc) where is_test`);
    await q.query(`create index runs_failed_by_error on runs ((error->>'nodeId'), (error->>'message'), created_at desc, id desc) where status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index runs_failed_by_error`);
    await q.query(`drop index runs_tests`);
    await q.query(`drop index runs_by_business_key`);
    await q.query(`create index runs_by_business_key on runs (business_key, created_at desc, id desc) where business_key is not null`);
    await q.query(`alter table runs drop column is_test, drop column trigger_type, drop column retry_of`);
  }
}
