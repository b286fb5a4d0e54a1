import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { createHttpClient, flowAlertsSchema, flowCalendar, WorkingCalendar, type FlowAlerts, type FlowGraph, type NodeContext } from '@flowbridge/nodes/sdk';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { sendEmail } from '@flowbridge/nodes/core/notify-email';
import { sendTelegram } from '@flowbridge/nodes/core/notify-telegram';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { logger } from '../../common/logger';
import { CLOCK, type Clock } from '../clock';
import { CREDENTIALS_RESOLVER, trackingCredentials, type CredentialsResolver } from '../credentials';
import { RunStarter } from '../run-starter';
import { redactSecrets } from '../secrets/redact';
import { alertMessage, failuresLink, LISTED_FAILURES, type AlertDigest, type AlertFailure } from './alert-message';

/** A run failing this long ago has committed: failures newer than that wait for the next tick, so none is skipped. */
const SETTLE_MS = 2_000;
/** A delivery that keeps failing (a wrong SMTP password) is given up after this many tries, a minute more apart each time. */
const MAX_ATTEMPTS = 6;
const DELIVERIES_PER_TICK = 20;

interface AlertingFlow {
  id: string;
  name: string;
  alerts: unknown;
  published_at: Date;
  covered_until: Date | null;
}

interface PendingDelivery {
  id: string;
  flow_id: string;
  flow_name: string;
  failed_count: number;
  first_at: Date;
  last_at: Date;
  failures: AlertFailure[];
  attempts: number;
  notified_at: Date | null;
  error_run_id: string | null;
  alerts: unknown;
}

/**
 * Alerts on failed live runs, per the flow's `settings.alerts`. Nothing is written per run: each
 * tick reads the failures past the flow's `covered_until`, and when the digest window of the first
 * of them has passed, stores them as one delivery (moving `covered_until` in the same
 * transaction); deliveries are then sent — people told the way core.notify tells them, and/or an
 * error flow started — each part once, retried with backoff until it goes through.
 */
@Injectable()
export class Alerts {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    private readonly outbound: OutboundPolicy,
    private readonly starter: RunStarter,
  ) {}

  /**
   * Called as a version is published: alerts switched on (again) count failures from now, not
   * from whenever they were last on.
   */
  async register(tx: EntityManager, flowId: string, graph: FlowGraph, previous: FlowGraph | undefined): Promise<void> {
    if (!graph.settings?.alerts || previous?.settings?.alerts) return;
    await tx.query(
      `insert into alert_state (flow_id, covered_until) values ($1, $2) on conflict (flow_id) do update set covered_until = greatest(alert_state.covered_until, excluded.covered_until)`,
      // A millisecond back: a run can end in the very millisecond of the publish, and no run of this version ended before it.
      [flowId, new Date(this.clock.now().getTime() - 1)],
    );
  }

  /** One tick: gathers the digests that are due, then sends what is pending. Returns the deliveries sent. */
  async dispatchDue(): Promise<number> {
    const flows: AlertingFlow[] = await this.dataSource.query(
      `select f.id, f.name, v.graph -> 'settings' -> 'alerts' as alerts, v.created_at as published_at, s.covered_until
       from flows f join flow_versions v on v.flow_id = f.id and v.version = f.published_version
       left join alert_state s on s.flow_id = f.id
       where f.deleted_at is null and v.graph -> 'settings' ? 'alerts'`,
    );
    for (const flow of flows) {
      const alerts = flowAlertsSchema.safeParse(flow.alerts);
      if (!alerts.success || (!alerts.data.notify && !alerts.data.errorFlowId)) continue;
      await this.gather(flow, alerts.data).catch((error) => logger.error({ err: error, flowId: flow.id }, 'could not gather the failures of a flow for its alert'));
    }
    return this.sendPending();
  }

  private async gather(flow: AlertingFlow, alerts: FlowAlerts): Promise<void> {
    const now = this.clock.now();
    if (!flow.covered_until) {
      // Alerts count from when they were published (or from now, for a clock behind the database's).
      const since = new Date(Math.min(now.getTime(), new Date(flow.published_at).getTime()));
      await this.dataSource.query(`insert into alert_state (flow_id, covered_until) values ($1, $2) on conflict do nothing`, [flow.id, since]);
      flow.covered_until = since;
    }
    const settled = new Date(now.getTime() - SETTLE_MS);
    const [first]: { at: Date | null }[] = await this.dataSource.query(
      `select min(r.finished_at) as at from runs r
       where r.flow_id = $1 and r.status = 'failed' and not r.is_test and r.finished_at > $2 and r.finished_at <= $3`,
      [flow.id, flow.covered_until, settled],
    );
    if (!first?.at) return;
    // A burst is one alert: the window opens with its first failure and everything until it closes goes together.
    if (now.getTime() < new Date(first.at).getTime() + (alerts.digestMinutes ?? 0) * 60_000) return;
    await this.dataSource.transaction(async (tx) => {
      const [state]: { covered_until: Date }[] = await tx.query(`select covered_until from alert_state where flow_id = $1 for update skip locked`, [flow.id]);
      // Another process holds it, or got there first.
      if (!state || new Date(state.covered_until).getTime() !== new Date(flow.covered_until!).getTime()) return;
      await this.storeDigest(tx, flow, state.covered_until, settled, now);
    });
  }

  private async storeDigest(tx: EntityManager, flow: AlertingFlow, after: Date, until: Date, now: Date): Promise<void> {
    const live = `from runs r where r.flow_id = $1 and r.status = 'failed' and not r.is_test and r.finished_at > $2 and r.finished_at <= $3`;
    const [span]: { count: number; first_at: Date; last_at: Date }[] = await tx.query(
      `select count(*)::int as count, min(r.finished_at) as first_at, max(r.finished_at) as last_at ${live}`, [flow.id, after, until],
    );
    if (!span.count) return;
    const listed: { id: string; business_key: string | null; error: { message?: unknown; nodeId?: unknown } | null; finished_at: Date }[] = await tx.query(
      `select r.id, r.business_key, r.error, r.finished_at ${live} order by r.finished_at, r.id limit ${LISTED_FAILURES}`, [flow.id, after, until],
    );
    const failures: AlertFailure[] = listed.map((r) => ({
      runId: r.id,
      businessKey: r.business_key,
      nodeId: typeof r.error?.nodeId === 'string' ? r.error.nodeId : null,
      message: typeof r.error?.message === 'string' ? r.error.message : 'failed',
      finishedAt: new Date(r.finished_at).toISOString(),
    }));
    await tx.query(
      `insert into alert_deliveries (flow_id, created_at, failed_count, first_at, last_at, failures, next_attempt_at) values ($1, $2, $3, $4, $5, $6::jsonb, $2)`,
      [flow.id, now, span.count, span.first_at, span.last_at, JSON.stringify(failures)],
    );
    await tx.query(`update alert_state set covered_until = $2, last_sent_at = $3 where flow_id = $1`, [flow.id, span.last_at, now]);
  }

  private async sendPending(): Promise<number> {
    let sent = 0;
    for (let i = 0; i < DELIVERIES_PER_TICK; i++) {
      // One delivery per transaction, locked while it is sent: another process skips it instead of sending it too.
      const done = await this.dataSource.transaction(async (tx) => {
        const [delivery]: PendingDelivery[] = await tx.query(
          `select d.id, d.flow_id, f.name as flow_name, d.failed_count, d.first_at, d.last_at, d.failures, d.attempts, d.notified_at, d.error_run_id,
                  v.graph -> 'settings' -> 'alerts' as alerts
           from alert_deliveries d join flows f on f.id = d.flow_id left join flow_versions v on v.flow_id = f.id and v.version = f.published_version
           where d.status = 'pending' and d.next_attempt_at <= $1 order by d.next_attempt_at limit 1 for update of d skip locked`,
          [this.clock.now()],
        );
        if (!delivery) return undefined;
        await this.deliver(tx, delivery);
        return delivery;
      });
      if (!done) break;
      sent++;
    }
    return sent;
  }

  private async deliver(tx: EntityManager, delivery: PendingDelivery): Promise<void> {
    const parsed = flowAlertsSchema.safeParse(delivery.alerts);
    const alerts: FlowAlerts = parsed.success ? parsed.data : {};
    const digest: AlertDigest = {
      flow: { id: delivery.flow_id, name: delivery.flow_name },
      count: delivery.failed_count,
      failures: delivery.failures,
      from: new Date(delivery.first_at).toISOString(),
      to: new Date(delivery.last_at).toISOString(),
    };
    const tracked = trackingCredentials(this.credentials);
    try {
      // The error run commits with this transaction whatever the mail does next, so it starts once.
      if (alerts.errorFlowId && !delivery.error_run_id) {
        const runId = await this.startErrorFlow(tx, delivery.id, alerts.errorFlowId, digest);
        await tx.query(`update alert_deliveries set error_run_id = $2 where id = $1`, [delivery.id, runId]);
      }
      if (alerts.notify && !delivery.notified_at) {
        await this.notify(delivery.id, delivery.flow_id, alerts, digest, tracked.get);
        await tx.query(`update alert_deliveries set notified_at = $2 where id = $1`, [delivery.id, this.clock.now()]);
      }
      await tx.query(`update alert_deliveries set status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = null where id = $1`, [delivery.id, this.clock.now()]);
    } catch (error) {
      const attempts = delivery.attempts + 1;
      const message = String(redactSecrets((error as Error).message ?? String(error), tracked.secrets)).slice(0, 1000);
      logger.warn({ flowId: delivery.flow_id, deliveryId: delivery.id, attempts, error: message }, 'an alert could not be sent; it is tried again later');
      await tx.query(
        `update alert_deliveries set attempts = $2::int, last_error = $3, status = case when $2::int >= $4::int then 'failed' else 'pending' end, next_attempt_at = $5 where id = $1`,
        [delivery.id, attempts, message, MAX_ATTEMPTS, new Date(this.clock.now().getTime() + attempts * 60_000)],
      );
    }
  }

  private async notify(deliveryId: string, flowId: string, alerts: FlowAlerts, digest: AlertDigest, credentials: NodeContext['credentials']): Promise<void> {
    const { subject, text } = alertMessage(digest, this.config.publicUrl, alerts.language ?? 'en');
    const notify = alerts.notify!;
    const ctx = this.context(deliveryId, flowId, credentials);
    if (notify.channel === 'email') await sendEmail(ctx, { emailConnection: notify.emailConnection, to: notify.to, subject, text });
    else await sendTelegram(ctx, { telegramConnection: notify.telegramConnection, chatId: notify.chatId, text: `${subject}\n\n${text}`.slice(0, 4096) });
  }

  /** The error flow's manual trigger (else its first trigger) receives the digest; one run per delivery, however often it is retried. */
  private async startErrorFlow(tx: EntityManager, deliveryId: string, flowId: string, digest: AlertDigest): Promise<string> {
    const [flow]: { version_id: string; graph: FlowGraph }[] = await tx.query(
      `select v.id as version_id, v.graph from flows f join flow_versions v on v.flow_id = f.id and v.version = f.published_version where f.id = $1 and f.deleted_at is null`,
      [flowId],
    );
    if (!flow) throw new Error(`The error flow ${flowId} is not a published flow`);
    const triggers = flow.graph.nodes.filter((n) => n.type === 'core.manual' || n.type === 'core.webhook');
    const trigger = triggers.find((n) => n.type === 'core.manual') ?? triggers[0];
    if (!trigger) throw new Error(`The error flow ${flowId} has no manual trigger to start from`);
    const started = await this.starter.start({
      flowId, flowVersionId: flow.version_id, triggerNodeId: trigger.id, dedupeKey: `alert:${deliveryId}`, businessKey: digest.flow.id,
      triggerOutput: { ...digest, link: failuresLink(this.config.publicUrl, digest) },
    }, tx);
    return started.runId;
  }

  /** What core.notify's senders need outside a run: the outbound policy, credentials, and a key that makes a resend recognisable. */
  private context(deliveryId: string, flowId: string, credentials: NodeContext['credentials']): NodeContext {
    const log = logger.child({ flowId, alert: deliveryId });
    const unavailable = () => {
      throw new Error('not available to alerts');
    };
    return {
      runId: deliveryId,
      flowId,
      nodeId: 'alert',
      attempt: 1,
      idempotencyKey: `alert:${deliveryId}`,
      now: () => this.clock.now(),
      log: { info: (m, d) => log.info(d ?? {}, m), warn: (m, d) => log.warn(d ?? {}, m), error: (m, d) => log.error(d ?? {}, m) },
      signal: AbortSignal.timeout(30_000),
      http: createHttpClient({ defaultTimeoutMs: 15_000, outbound: this.outbound }),
      code: { run: unavailable },
      credentials,
      // Alerts count no working days; the senders never ask.
      calendar: flowCalendar(new WorkingCalendar({ id: 'alerts', version: 1, weekend: [6, 7], days: {} }), 'UTC'),
      links: { form: unavailable, approval: unavailable },
      subflows: { start: unavailable },
      sync: { find: unavailable, save: unavailable },
      tables: { write: unavailable, query: unavailable },
    };
  }
}
