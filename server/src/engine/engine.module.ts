import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CLOCK, systemClock, type Clock } from './clock';
import { RunExecutor } from './executor/run-executor';
import { StepRunner } from './executor/step-runner';
import { GroupCommit } from './executor/group-commit';
import { TriggerPolls } from './polls/trigger-polls';
import { GraphValidator } from './graph-validator';
import { EXTRA_NODES, NodeCatalog } from './node-catalog';
import type { AnyNode } from '@flowbridge/nodes/sdk';
import { QueueWorker } from './queue/queue-worker';
import { RunStarter } from './run-starter';
import { HookRoutes } from './hook-routes';
import { FlowVersionGraphs } from './flow-version-graphs';
import { SecretParams } from './secrets/secret-params';
import { SignedLinks } from './signed-links';
import { Subflows } from './subflows';
import { Sandbox } from './sandbox/sandbox';
import { CalendarStore } from './calendars/calendar-store';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { Schedules } from './schedules/schedules';
import { Alerts } from './alerts/alerts';
import { SyncLinks } from './sync/sync-links';
import { Metrics } from '../observability/metrics';
import { SPAN_EXPORTER, Tracing } from '../observability/tracing';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { HealthChecks } from '../observability/health-checks';
import { Retention } from './retention/retention';
import { CalendarWorkdayCheck, WORKDAY_CHECK } from './schedules/workday-check';
import { TableStore } from './tables/table-store';

@Injectable()
class SandboxLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Sandbox) private readonly sandbox: Sandbox) {}
  onApplicationShutdown(): void {
    this.sandbox.dispose();
  }
}

/** The engine: no HTTP in here, only running flows durably. */
/** What the app is built with besides its configuration: a clock to move in tests, node definitions beyond the registry. */
export interface EngineOptions {
  clock?: Clock;
  extraNodes?: readonly AnyNode[];
  /** Spans go here instead of to an OTLP endpoint (tests). */
  spanExporter?: SpanExporter;
}

@Module({})
export class EngineModule {
  static forRoot(options: EngineOptions = {}): DynamicModule {
    return {
      module: EngineModule,
      global: true,
      providers: [
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: EXTRA_NODES, useValue: options.extraNodes ?? [] },
        ...(options.spanExporter ? [{ provide: SPAN_EXPORTER, useValue: options.spanExporter }] : []),
        Tracing,
        Metrics,
        HealthChecks,
        {
          provide: Sandbox,
          inject: [APP_CONFIG, Metrics],
          useFactory: (config: AppConfig, metrics: Metrics) => new Sandbox({ ...config.sandbox, observe: (kind, seconds) => metrics.sandboxTime.observe({ kind }, seconds) }),
        },
        SandboxLifecycle,
        {
          provide: OutboundPolicy,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new OutboundPolicy(config.outbound.allow),
        },
        NodeCatalog,
        GraphValidator,
        RunExecutor,
        StepRunner,
        GroupCommit,
        TriggerPolls,
        RunStarter,
        QueueWorker,
        HookRoutes,
        FlowVersionGraphs,
        SecretParams,
        SignedLinks,
        Subflows,
        CalendarStore,
        TableStore,
        { provide: WORKDAY_CHECK, useClass: CalendarWorkdayCheck },
        Schedules,
        Alerts,
        Retention,
        SyncLinks,
      ],
      exports: [CLOCK, Metrics, HealthChecks, Tracing, Sandbox, OutboundPolicy, NodeCatalog, GraphValidator, RunExecutor, RunStarter, QueueWorker, HookRoutes, FlowVersionGraphs, SecretParams, SignedLinks, CalendarStore, TableStore, WORKDAY_CHECK, Schedules, TriggerPolls, Alerts, Retention],
    };
  }
}
