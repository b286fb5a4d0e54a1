/**
 * Operations at scale (issue 13): with BENCH_OPS_RUNS runs (1,000,000) and five steps each spread
 * over 60 days across five flows, the p95 over BENCH_OPS_SAMPLES requests (50) of the run list's
 * filtered first page, the business-key searches and each dashboard query over the last 7 days,
 * through the real application over HTTP; and the database size per 1,000 runs.
 * Run by `npm run bench:ops` (scripts/bench-ops.mjs), which provides Postgres as `npm run bench` does.
 * Goals: list and search p95 ≤ 100 ms, dashboard ≤ 300 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { Retention } from '../../server/src/engine/retention/retention';
import { log, percentiles, round } from './bench-support';

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const RUNS = Number(process.env.BENCH_OPS_RUNS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_OPS_SAMPLES ?? 50);
const DAY = 86_400_000;

/** Five flows of five nodes; two start from Bitrix24, so the connector filter has something to find. */
const FLOWS = [
  { name: 'Deal to invoice', trigger: 'bitrix24.dealStageChanged', share: 35 },
  { name: 'Invoice paid', trigger: 'bitrix24.invoicePaid', share: 25 },
  { name: 'Act signing', trigger: 'core.webhook', share: 20 },
  { name: 'Nightly sync', trigger: 'core.schedule', share: 12 },
  { name: 'Manual export', trigger: 'core.manual', share: 8 },
];

const graphOf = (trigger: string) => ({
  nodes: [
    { id: 'n1', type: trigger, name: 'Trigger', params: {}, position: { x: 0, y: 0 } },
    { id: 'n2', type: 'core.http', name: 'Create invoice', params: { url: 'https://billing.example/api' }, position: { x: 200, y: 0 } },
    { id: 'n3', type: 'core.waitForEvent', name: 'Wait for payment', params: { eventType: 'invoice.paid', correlationKey: '{{ $trigger.id }}' }, position: { x: 400, y: 0 } },
    { id: 'n4', type: 'core.map', name: 'Shape', params: { fields: {} }, position: { x: 600, y: 0 } },
    { id: 'n5', type: 'core.http', name: 'Update deal', params: { url: 'https://crm.example/api' }, position: { x: 800, y: 0 } },
  ],
  edges: [{ from: 'n1', to: 'n2' }, { from: 'n2', to: 'n3' }, { from: 'n3', to: 'n4' }, { from: 'n4', to: 'n5' }],
});

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${what}: ${round((performance.now() - started) / 1000, 1)} s`);
  return result;
}

/** Runs and steps written straight with SQL (generate_series): the engine would take hours to make a million runs. */
async function generate(client: Client, now: Date): Promise<{ flowIds: string[] }> {
  const flowIds: string[] = [];
  for (const flow of FLOWS) {
    const graph = JSON.stringify(graphOf(flow.trigger));
    const [{ id }] = (await client.query(`insert into flows (name, draft, published_version) values ($1, $2::jsonb, 1) returning id`, [flow.name, graph])).rows;
    await client.query(`insert into flow_versions (flow_id, version, graph) values ($1, 1, $2::jsonb), ($1, null, $2::jsonb)`, [id, graph]);
    flowIds.push(id);
  }
  // Each run: a flow by share; created over 60 days up to now; mostly succeeded, 3 % failed, 1 % waiting,
  // a few running or cancelled, 0.3 % test runs of a draft; business keys are deal ids shared across flows.
  await timed(`${RUNS} runs`, () => client.query(
    `with f as (
       select f.id as flow_id, (select v.id from flow_versions v where v.flow_id = f.id and v.version = 1) as live_version,
              (select v.id from flow_versions v where v.flow_id = f.id and v.version is null) as draft_version,
              (v.graph->'nodes'->0->>'type') as trigger_type, row_number() over (order by f.created_at, f.id) as i
       from flows f join flow_versions v on v.flow_id = f.id and v.version = 1
     ), g as (
       select g, random() as roll, random() as pick, $2::timestamptz - (interval '60 days') * (1 - g::float8 / $1) - (interval '1 second') * random() as created
       from generate_series(1, $1) g
     )
     insert into runs (flow_id, flow_version_id, status, trigger_node_id, trigger_type, is_test, business_key, error, wake_at, created_at, started_at, finished_at)
     select f.flow_id, case when g.pick < 0.003 then f.draft_version else f.live_version end,
            s.status, 'n1', f.trigger_type, g.pick < 0.003, (100000 + (g.g::bigint * 7919) % 400000)::text,
            case when s.status = 'failed' then jsonb_build_object('kind', 'remote', 'status', 503, 'retryable', false, 'nodeId', 'n' || (2 + g.g % 2 * 3),
              'message', (array['Billing answered 503: service unavailable', 'Deal has no amount', 'Invoice already exists', 'Bitrix24 answered 401: token expired'])[1 + g.g % 4],
              'body', jsonb_build_object('error', 'unavailable')) end,
            case when s.status = 'waiting' then g.created + interval '7 days' end,
            g.created, g.created + interval '40 milliseconds',
            case when s.status in ('succeeded', 'failed', 'cancelled') then g.created + (interval '1 millisecond') * (200 + 4000 * random() ^ 3) end
     from g
     join f on f.i = case when g.g % 100 < 35 then 1 when g.g % 100 < 60 then 2 when g.g % 100 < 80 then 3 when g.g % 100 < 92 then 4 else 5 end
     cross join lateral (select case when g.roll < 0.03 then 'failed' when g.roll < 0.04 then 'waiting' when g.roll < 0.0402 then 'running'
                                    when g.roll < 0.043 then 'cancelled' else 'succeeded' end as status) s`,
    [RUNS, now],
  ));
  // Five steps a run: the trigger and four nodes; a failed run stops at its failing node (the rest
  // skipped), a waiting run waits at n3 (two rows there: the wait and nothing after it yet).
  await timed(`${RUNS * 5} steps`, () => client.query(
    `insert into steps (run_id, node_id, attempt, status, port, input, output, error, wake_at, event_type, event_key, started_at, finished_at)
     select r.id, 'n' || k, 1, st.status, case when st.status = 'succeeded' then 'out' end,
            case when k > 1 then jsonb_build_object('dealId', r.business_key, 'amount', 1000 + k) end,
            case when st.status = 'succeeded' then jsonb_build_object('dealId', r.business_key, 'invoiceId', 'INV-' || r.business_key, 'amount', 1250.5, 'note', 'Payment for services under contract 2031/17') end,
            case when st.status = 'failed' then r.error end,
            case when st.status = 'waiting' then r.wake_at end,
            case when st.status = 'waiting' then 'invoice.paid' end, case when st.status = 'waiting' then r.business_key end,
            r.created_at + (interval '1 millisecond') * k * 10, case when st.status <> 'waiting' then r.created_at + (interval '1 millisecond') * (k * 10 + 5) end
     from runs r cross join generate_series(1, 5) k
     cross join lateral (select case
         when r.status = 'failed' and 'n' || k = r.error->>'nodeId' then 'failed'
         when r.status = 'failed' and k > substr(r.error->>'nodeId', 2)::int then 'skipped'
         when r.status = 'waiting' and k = 3 then 'waiting'
         when r.status = 'waiting' and k > 3 then 'skipped'
         when r.status in ('running', 'queued') and k > 2 then 'skipped'
         else 'succeeded' end as status) st
     where not (r.status = 'waiting' and k > 3) and not (r.status in ('running', 'queued') and k > 2)`,
  ));
  await timed('vacuum analyze', async () => {
    await client.query('vacuum analyze runs');
    await client.query('vacuum analyze steps');
    await client.query('analyze flows');
    await client.query('analyze flow_versions');
  });
  return { flowIds };
}

async function measure(app: TestApp, label: string, paths: () => string): Promise<{ label: string; p50: number; p95: number; max: number; example: string }> {
  const client = app.as('manager');
  for (let i = 0; i < 3; i++) await client.get(paths()).expect(200);
  const times: number[] = [];
  let example = '';
  for (let i = 0; i < SAMPLES; i++) {
    const url = paths();
    example ||= url;
    const started = performance.now();
    await client.get(url).expect(200);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)];
  return { label, p50: round(percentiles(times).p50, 1), p95: round(p95, 1), max: round(times[times.length - 1], 1), example };
}

describe('operations at scale', () => {
  let db: TestDatabase;
  let app: TestApp;

  afterAll(async () => {
    await app?.close();
    // BENCH_OPS_KEEP=1 keeps the generated database, to look at query plans afterwards.
    if (process.env.BENCH_OPS_KEEP) log(`kept database ${db?.url}`);
    else await db?.drop();
  });

  it(`lists, searches and charts ${RUNS} runs within the goals`, async () => {
    db = await createTestDatabase();
    const now = new Date();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    let flowIds: string[];
    let sizes: { database: number; runs: number; steps: number };
    try {
      ({ flowIds } = await generate(client, now));
      const [row] = (await client.query(`select pg_database_size(current_database())::float8 as database, pg_total_relation_size('runs')::float8 as runs, pg_total_relation_size('steps')::float8 as steps`)).rows;
      sizes = row;
    } finally {
      await client.end();
    }
    app = await startTestApp({ db, worker: false });

    const keys = Array.from({ length: SAMPLES + 3 }, (_, i) => String(100000 + ((i * 7919 * 13) % 400000)));
    let k = 0;
    const weekAgo = new Date(now.getTime() - 7 * DAY).toISOString();
    const period = `from=${encodeURIComponent(weekAgo)}&to=${encodeURIComponent(now.toISOString())}`;
    const results = [];
    results.push(await measure(app, 'runs list: status=failed&flowId (first page)', () => `/api/runs?status=failed&flowId=${flowIds[k++ % flowIds.length]}`));
    results.push(await measure(app, 'runs list: no filter (first page)', () => '/api/runs'));
    results.push(await measure(app, 'runs list: status=waiting,running', () => '/api/runs?status=waiting,running'));
    results.push(await measure(app, 'business key, exact', () => `/api/runs?businessKey=${keys[k++ % keys.length]}`));
    results.push(await measure(app, 'business key, prefix (5 digits*)', () => `/api/runs?businessKey=${keys[k++ % keys.length].slice(0, 5)}*`));
    results.push(await measure(app, 'runs list: top error link (7 days)', () => `/api/runs?status=failed&errorNode=n2&errorMessage=${encodeURIComponent('Deal has no amount')}&${period}`));
    results.push(await measure(app, 'runs list: connector=bitrix24&test=false', () => '/api/runs?connector=bitrix24&test=false'));
    results.push(await measure(app, 'stats/runs hourly, 7 days', () => `/api/stats/runs?${period}&bucket=hour`));
    results.push(await measure(app, 'stats/runs hourly, 7 days, flowId', () => `/api/stats/runs?${period}&bucket=hour&flowId=${flowIds[k++ % flowIds.length]}`));
    results.push(await measure(app, 'stats/flows, 7 days', () => `/api/stats/flows?${period}`));
    results.push(await measure(app, 'stats/waiting (now)', () => '/api/stats/waiting'));
    results.push(await measure(app, 'stats/errors, 7 days', () => `/api/stats/errors?${period}`));

    // Retention as an admin would set it (7 days of step data, 30 of runs), pruned by the workers' own
    // batches until nothing is due, then the files compacted so the size shows what is left.
    await app.http().put('/api/settings/retention').send({ stepPayloadDays: 7, runDays: 30 }).expect(200);
    const retention = app.app.get(Retention);
    const pruning = { batches: 0, payloadRuns: 0, deletedRuns: 0, seconds: 0 };
    const pruneStarted = performance.now();
    for (;;) {
      const report = await retention.pruneDue({ batchSize: 2000, maxBatches: 50 });
      pruning.batches += report.batches;
      pruning.payloadRuns += report.payloadRuns;
      pruning.deletedRuns += report.deletedRuns;
      if (!report.more) break;
    }
    pruning.seconds = round((performance.now() - pruneStarted) / 1000, 1);
    const after = new Client({ connectionString: db.url });
    await after.connect();
    let pruned: { database: number; runs: number; steps: number; count: number };
    try {
      await after.query('vacuum full runs');
      await after.query('vacuum full steps');
      [pruned] = (await after.query(`select pg_database_size(current_database())::float8 as database, pg_total_relation_size('runs')::float8 as runs,
        pg_total_relation_size('steps')::float8 as steps, (select count(*) from runs)::float8 as count`)).rows;
    } finally {
      await after.end();
    }

    const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
    const perThousand = (bytes: number) => round(bytes / (RUNS / 1000) / 1024, 1);
    const lines = [
      `Operations at scale: ${RUNS} runs, ~${RUNS * 5} steps over 60 days, 5 flows; p95 of ${SAMPLES} requests over HTTP (manager)`,
      '',
      ...results.map((r) => `${r.label.padEnd(48)} p50 ${String(r.p50).padStart(7)} ms   p95 ${String(r.p95).padStart(7)} ms   max ${String(r.max).padStart(7)} ms`),
      '',
      `database ${mb(sizes.database)} MB (runs ${mb(sizes.runs)} MB, steps ${mb(sizes.steps)} MB with indexes and TOAST)`,
      `per 1,000 runs: ${perThousand(sizes.database)} kB (runs ${perThousand(sizes.runs)} kB, steps ${perThousand(sizes.steps)} kB)`,
      `retention 7 days of step data / 30 days of runs: ${pruning.deletedRuns} runs deleted and ${pruning.payloadRuns} runs' step data pruned in ${pruning.batches} batches, ${pruning.seconds} s`,
      `after pruning (VACUUM FULL): ${pruned.count} runs, database ${mb(pruned.database)} MB (runs ${mb(pruned.runs)} MB, steps ${mb(pruned.steps)} MB); `
        + `per 1,000 runs kept: runs ${round(pruned.runs / (pruned.count / 1000) / 1024, 1)} kB, steps ${round(pruned.steps / (pruned.count / 1000) / 1024, 1)} kB`,
    ];
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'bench-results.txt'), `${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(ARTIFACTS, 'bench-results.json'), JSON.stringify({ runs: RUNS, samples: SAMPLES, results, sizes, pruning, pruned }, null, 2));
    log(lines.join('\n'));
    expect(results.length).toBeGreaterThan(0);
  });
});
