import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { BasicTracerProvider, IdGenerator, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { HttpObserver } from '@flowbridge/nodes/sdk';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { logger } from '../common/logger';

/** A test app passes an exporter of its own (in memory) instead of an OTLP endpoint. */
export const SPAN_EXPORTER = Symbol('SpanExporter');

/** The run's own trace: its id is the run id, so every step of it, in whatever job or process, lands in one trace. */
const traceIdOf = (runId: string) => runId.replace(/-/g, '').toLowerCase();
/** The run span's id, known before the run ends: steps name it as their parent from the start. */
const runSpanIdOf = (runId: string) => {
  const id = runId.replace(/-/g, '').slice(16, 32).toLowerCase();
  return /^0+$/.test(id) ? '0000000000000001' : id;
};

/** Random ids, except for the run span, whose ids are the run's (set just around its creation, which is synchronous). */
class RunIds implements IdGenerator {
  constructor(private readonly random: IdGenerator) {}
  forced?: { traceId: string; spanId: string };
  generateTraceId(): string {
    return this.forced?.traceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    return this.forced?.spanId ?? this.random.generateSpanId();
  }
}

export interface TracedRun {
  id: string;
  flowId: string;
  businessKey: string | null;
}

/**
 * OpenTelemetry traces, when an OTLP endpoint is set (FLOWBRIDGE_OTLP_ENDPOINT, or the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT): a run is a trace, each step a span under the run's span, each HTTP
 * call a node makes a span under its step, the business key an attribute. Off, it costs nothing:
 * no provider, no spans. The provider is this app's own, not the process-wide global, so tests can
 * boot several apps.
 */
/** The SDK and its semantic conventions (~14 MB resident) load only where traces are on. */
function traceSdk() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ...sdk, resourceFromAttributes };
}

/** The OTLP exporter and its protobuf and metrics dependencies load only where traces are sent. */
function otlpExporter(endpoint: string): SpanExporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}

@Injectable()
export class Tracing implements OnApplicationShutdown {
  private readonly provider?: BasicTracerProvider;
  private readonly tracer?: Tracer;
  private readonly ids?: RunIds;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(SPAN_EXPORTER) exporter?: SpanExporter) {
    const endpoint = config.otlpEndpoint;
    if (!exporter && !endpoint) return;
    const sdk = traceSdk();
    const processor = exporter
      ? new sdk.SimpleSpanProcessor(exporter)
      : new sdk.BatchSpanProcessor(otlpExporter(endpoint!));
    this.ids = new RunIds(new sdk.RandomIdGenerator());
    this.provider = new sdk.BasicTracerProvider({
      idGenerator: this.ids,
      resource: sdk.resourceFromAttributes({ 'service.name': 'flowbridge', 'service.instance.role': config.role }),
      spanProcessors: [processor],
    });
    this.tracer = this.provider.getTracer('flowbridge');
    logger.info({ endpoint: endpoint ?? 'in-process exporter' }, 'tracing on');
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** Runs `work` as a step's span (when tracing is on); the observer it gets makes the step's HTTP calls its children. */
  async step<T>(run: TracedRun, node: { id: string; type: string }, path: string, attempt: number, work: (observe?: HttpObserver) => Promise<T>): Promise<T> {
    if (!this.tracer) return work();
    const parent = trace.setSpanContext(context.active(), { traceId: traceIdOf(run.id), spanId: runSpanIdOf(run.id), traceFlags: TraceFlags.SAMPLED, isRemote: true });
    const span = this.tracer.startSpan(`step ${node.id}`, { kind: SpanKind.INTERNAL, attributes: { ...runAttributes(run), 'flowbridge.node_id': node.id, 'flowbridge.node_type': node.type, 'flowbridge.iteration_path': path, 'flowbridge.attempt': attempt } }, parent);
    const within = trace.setSpan(parent, span);
    const observe: HttpObserver = ({ method, url }) => {
      const target = safeUrl(url);
      const call = this.tracer!.startSpan(`HTTP ${method}`, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'url.full': target, 'server.address': hostOf(url) } }, within);
      return ({ status, error }) => {
        if (status !== undefined) call.setAttribute('http.response.status_code', status);
        if (error || (status !== undefined && status >= 500)) call.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? `HTTP ${status}` });
        call.end();
      };
    };
    try {
      const result = await work(observe);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** The run's own span, from when it was created to now; sent when the run ends. */
  runEnded(run: TracedRun & { createdAt: Date }, status: 'succeeded' | 'failed' | 'cancelled', error?: { message?: string; nodeId?: string }): void {
    if (!this.tracer || !this.ids) return;
    this.ids.forced = { traceId: traceIdOf(run.id), spanId: runSpanIdOf(run.id) };
    let span: Span;
    try {
      span = this.tracer.startSpan('run', { kind: SpanKind.INTERNAL, startTime: run.createdAt, root: true, attributes: { ...runAttributes(run), 'flowbridge.status': status } });
    } finally {
      this.ids.forced = undefined;
    }
    if (status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? 'failed' });
    else span.setStatus({ code: SpanStatusCode.OK });
    if (error?.nodeId) span.setAttribute('flowbridge.failed_node_id', error.nodeId);
    span.end();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown().catch((err) => logger.warn({ err }, 'tracing did not flush on shutdown'));
  }
}

function runAttributes(run: TracedRun): Attributes {
  return { 'flowbridge.run_id': run.id, 'flowbridge.flow_id': run.flowId, ...(run.businessKey ? { 'flowbridge.business_key': run.businessKey } : {}) };
}

function fail(span: Span, error: unknown): void {
  const err = error as { message?: string; kind?: string };
  span.setStatus({ code: SpanStatusCode.ERROR, message: err?.message ?? String(error) });
  if (err?.kind) span.setAttribute('flowbridge.error_kind', err.kind);
}

/** Scheme, host and path: a query string can carry an API key (Aspro's does). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'invalid-url';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
