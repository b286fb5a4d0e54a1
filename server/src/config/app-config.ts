import { parseOutboundAllowList, type OutboundAllowEntry } from '@flowbridge/nodes/sdk/outbound-policy';
import { DEMO_HTTP_PORTS } from '../demo/demo-ports';

/** Everything the server reads from its environment, in one place, with defaults for the embedded setup. */
export interface AppConfig {
  databaseUrl: string;
  port: number;
  role: 'all' | 'api' | 'worker';
  bodyLimitBytes: number;
  dataDir: string;
  demo: boolean;
  /** Encrypts credentials at rest; the embedded setup generates one into the data folder. */
  secretKey: string;
  /** The first admin, created on start when no user has this email. */
  adminEmail?: string;
  adminPassword?: string;
  demoPassword?: string;
  /**
   * Which proxies' X-Forwarded-For is believed (Express "trust proxy": addresses, CIDRs or
   * loopback/linklocal/uniquelocal); false: none, the socket's peer is the client.
   */
  trustProxy: string | false;
  /** Where people outside reach this server: the base of form and approval links. */
  publicUrl: string;
  /** Where traces go (FLOWBRIDGE_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, an OTLP/HTTP base URL); unset: no tracing. */
  otlpEndpoint: string | undefined;
  /** When set (FLOWBRIDGE_METRICS_TOKEN), /metrics answers only a scraper sending it as a Bearer token. */
  metricsToken: string | undefined;
  /** FLOWBRIDGE_CHECK_RESPONSES=1: every answer is checked against its documented schema (the test suites turn it on). */
  checkResponses: boolean;
  /** A worker-only process serves /api/health/live, /api/health/ready and /metrics on this port (FLOWBRIDGE_WORKER_HEALTH_PORT); 0: none. */
  workerHealthPort: number;
  /** How long start-up waits for an unreachable Postgres before it gives up. */
  databaseWaitMs: number;
  /** Step inputs, outputs and errors larger than this (as JSON) are stored as a truncation marker. */
  stepPayloadLimitBytes: number;
  worker: {
    /**
     * Runs driven at once. Concurrent runs share their claim, record and finish statements (group
     * commit), so more of them in flight means fewer statements per run: 32 doubled the throughput
     * per CPU-second of 8 on the bench flow.
     */
    concurrency: number;
    pollIntervalMs: number;
    heartbeatMs: number;
    /** A worker silent for this long is presumed dead and its jobs are unlocked for others. */
    deadAfterMs: number;
    /** How often due waits are re-enqueued as a safety net behind run_at. */
    sweepMs: number;
    /**
     * A runner that started no job for this long while jobs sat ready and it had room (or holds
     * jobs it is not running) is presumed wedged and replaced.
     */
    stallMs: number;
    /** How often each worker looks for due schedules (FLOWBRIDGE_SCHEDULE_TICK_MS); one of them fires each. */
    scheduleTickMs: number;
    /** How often failed runs are gathered into alerts and pending alerts sent (FLOWBRIDGE_ALERT_TICK_MS). */
    alertTickMs: number;
    /** How often old run data is pruned (FLOWBRIDGE_RETENTION_TICK_MS); each tick does a bounded number of batches. */
    retentionTickMs: number;
  };
  /**
   * How long a webhook whose flow has a `core.respond` node waits for the run to reach it
   * (FLOWBRIDGE_RESPOND_TIMEOUT_MS) before answering 202 with the run id.
   */
  respondTimeoutMs: number;
  sandbox: { poolSize: number; memoryLimitMb: number; timeoutMs: number; codeTimeoutMs: number };
  /**
   * Internal addresses flows may call anyway (FLOWBRIDGE_OUTBOUND_ALLOW); everything loopback,
   * private, link-local or otherwise non-public is refused unless listed here.
   */
  outbound: { allow: OutboundAllowEntry[] };
  /** What a flow without its own `settings.calendar` / `settings.timezone` uses. */
  calendars: { defaultCalendar: string; defaultTimezone: string };
  /**
   * Data tables' limits: tables (FLOWBRIDGE_TABLES_MAX), columns per table, rows per table
   * (FLOWBRIDGE_TABLE_MAX_ROWS) and bytes per row as JSON (FLOWBRIDGE_TABLE_ROW_BYTES).
   */
  tables: { maxTables: number; maxColumns: number; maxRows: number; maxRowBytes: number };
}

export const APP_CONFIG = Symbol('AppConfig');

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

export function loadConfig(overrides: Partial<AppConfig> = {}, argv: string[] = process.argv.slice(2)): AppConfig {
  const roleArg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? process.env.FLOWBRIDGE_ROLE ?? 'all';
  if (!['all', 'api', 'worker'].includes(roleArg)) throw new Error(`--role must be all, api or worker, got '${roleArg}'`);
  const databaseUrl = overrides.databaseUrl ?? process.env.DATABASE_URL;
  const demo = process.env.FLOWBRIDGE_DEMO === '1';
  const allow = parseOutboundAllowList(process.env.FLOWBRIDGE_OUTBOUND_ALLOW);
  // Every process of a demo (api and workers alike) must reach the simulators the api process starts.
  if (demo) allow.push(...DEMO_HTTP_PORTS.map((port): OutboundAllowEntry => ({ cidr: '127.0.0.1/32', ports: [port, port] })));
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded Postgres)');
  return {
    databaseUrl,
    port: int('PORT', 3000),
    role: roleArg as AppConfig['role'],
    bodyLimitBytes: int('FLOWBRIDGE_BODY_LIMIT_BYTES', 1024 * 1024),
    dataDir: process.env.FLOWBRIDGE_DATA_DIR ?? '.data',
    demo,
    secretKey: process.env.FLOWBRIDGE_SECRET_KEY ?? '',
    adminEmail: process.env.FLOWBRIDGE_ADMIN_EMAIL || undefined,
    adminPassword: process.env.FLOWBRIDGE_ADMIN_PASSWORD || undefined,
    demoPassword: process.env.FLOWBRIDGE_DEMO_PASSWORD || undefined,
    trustProxy: process.env.FLOWBRIDGE_TRUST_PROXY?.trim() || false,
    publicUrl: process.env.FLOWBRIDGE_PUBLIC_URL?.trim() || `http://localhost:${int('PORT', 3000)}`,
    metricsToken: process.env.FLOWBRIDGE_METRICS_TOKEN?.trim() || undefined,
    checkResponses: process.env.FLOWBRIDGE_CHECK_RESPONSES === '1',
    otlpEndpoint: process.env.FLOWBRIDGE_OTLP_ENDPOINT?.trim() || process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined,
    workerHealthPort: int('FLOWBRIDGE_WORKER_HEALTH_PORT', 0),
    databaseWaitMs: int('FLOWBRIDGE_DATABASE_WAIT_MS', 60_000),
    stepPayloadLimitBytes: int('FLOWBRIDGE_STEP_PAYLOAD_LIMIT_BYTES', 256 * 1024),
    worker: {
      concurrency: int('FLOWBRIDGE_WORKER_CONCURRENCY', 32),
      pollIntervalMs: int('FLOWBRIDGE_WORKER_POLL_MS', 2000),
      heartbeatMs: int('FLOWBRIDGE_WORKER_HEARTBEAT_MS', 5000),
      deadAfterMs: int('FLOWBRIDGE_WORKER_DEAD_AFTER_MS', 30_000),
      sweepMs: int('FLOWBRIDGE_SWEEP_MS', 30_000),
      stallMs: int('FLOWBRIDGE_WORKER_STALL_MS', 15_000),
      scheduleTickMs: int('FLOWBRIDGE_SCHEDULE_TICK_MS', 1000),
      alertTickMs: int('FLOWBRIDGE_ALERT_TICK_MS', 10_000),
      retentionTickMs: int('FLOWBRIDGE_RETENTION_TICK_MS', 15 * 60_000),
    },
    respondTimeoutMs: int('FLOWBRIDGE_RESPOND_TIMEOUT_MS', 10_000),
    sandbox: {
      poolSize: int('FLOWBRIDGE_SANDBOX_POOL', 2),
      memoryLimitMb: int('FLOWBRIDGE_SANDBOX_MEMORY_MB', 64),
      timeoutMs: int('FLOWBRIDGE_EXPRESSION_TIMEOUT_MS', 100),
      codeTimeoutMs: int('FLOWBRIDGE_CODE_TIMEOUT_MS', 1000),
    },
    outbound: { allow },
    calendars: {
      defaultCalendar: process.env.FLOWBRIDGE_DEFAULT_CALENDAR?.trim() || 'ru',
      defaultTimezone: process.env.FLOWBRIDGE_DEFAULT_TIMEZONE?.trim() || 'Europe/Moscow',
    },
    tables: {
      maxTables: int('FLOWBRIDGE_TABLES_MAX', 500),
      maxColumns: int('FLOWBRIDGE_TABLE_MAX_COLUMNS', 100),
      maxRows: int('FLOWBRIDGE_TABLE_MAX_ROWS', 100_000),
      maxRowBytes: int('FLOWBRIDGE_TABLE_ROW_BYTES', 16 * 1024),
    },
    ...overrides,
  };
}
