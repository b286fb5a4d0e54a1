import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import type { FakeClock } from '../../server/src/engine/clock';
import type { AppConfig } from '../../server/src/config/app-config';
import { eventually, startTestApp, type TestApp } from './test-app';

export type Step = { nodeId: string; iterationPath: string; status: string; port: string | null; output: any; error?: { kind: string; message: string } | null; retryAt?: string | null };
export type Run = { id: string; flowId: string; status: string; businessKey: string | null; steps: Step[] };

export const APPLICATION_TOKEN = 'b24-app-token-templates-7';

/** The last attempt of a node (in a loop: of its iteration `path`). */
export function stepOf(run: Run, nodeId: string, path?: string): Step | undefined {
  return run.steps.filter((s) => s.nodeId === nodeId && (path === undefined || s.iterationPath === path)).at(-1);
}

/** What a person reads in the run log of each failed step: empty for a run that went well. */
export function failures(run: Run): string[] {
  return run.steps.filter((s) => s.status === 'failed').map((s) => `${s.nodeId}: ${s.error?.message ?? 'failed'}`);
}

/**
 * One app with the Bitrix24 connector enabled and a connection to a simulated portal (and an SMTP
 * simulator with a mail connection when asked), for scenarios that build their flows from templates.
 */
export class Bitrix24TemplateScenario {
  readonly bitrix: Bitrix24Simulator;
  readonly smtp = new EmailSimulator();
  app!: TestApp;
  bitrix24Connection = '';
  emailConnection = '';

  constructor(readonly clock: FakeClock, private readonly options: { mail?: boolean; config?: Partial<AppConfig> } = {}) {
    this.bitrix = new Bitrix24Simulator({ applicationToken: APPLICATION_TOKEN, now: () => clock.now() });
  }

  async start(): Promise<void> {
    await this.bitrix.start();
    if (this.options.mail) await this.smtp.start();
    this.app = await startTestApp({ clock: this.clock, config: this.options.config });
    await this.app.http().post('/api/connectors/bitrix24/enable').expect(200);
    this.bitrix24Connection = await this.connect('bitrix24', 'Bitrix24 (simulator)', { webhookUrl: this.bitrix.webhookUrl, applicationToken: APPLICATION_TOKEN });
    if (this.options.mail) {
      this.emailConnection = await this.connect('email', 'Office mail (simulator)', {
        host: this.smtp.host, port: String(this.smtp.port), secure: 'false', from: 'Отдел продаж <sales@agency.example.ru>',
      });
    }
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.bitrix.stop();
    if (this.options.mail) await this.smtp.stop();
  }

  private async connect(connector: string, name: string, credentials: Record<string, string>): Promise<string> {
    return (await this.app.http().post('/api/connections').send({ connector, name, credentials }).expect(201)).body.id as string;
  }

  /** Creates and publishes a template's flows as the analyst would, in their language; answers the flows. */
  async instantiate(id: string, params: Record<string, unknown>, lang = 'ru'): Promise<{ id: string; name: string; publishedVersion: number; graph: { nodes: { id: string; name: string }[] } }[]> {
    const res = await this.app.http().post(`/api/templates/${id}/instantiate`).send({ publish: true, lang, params: { bitrix24Connection: this.bitrix24Connection, ...params } });
    if (res.status !== 201) throw new Error(`Instantiating ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.flows;
  }

  /** Posts an outbound event as the portal does; answers the run it started. */
  async deliver(path: string, body: string): Promise<string> {
    const res = await this.app.http().post(`/hooks/${path}`).set('content-type', 'application/x-www-form-urlencoded').send(body).expect(202);
    return res.body.runId as string;
  }

  /**
   * Waits for the run to end, or to be gone (null: its trigger found the event changed nothing for
   * the flow); a step waiting for a retry is woken by moving the clock past it.
   */
  async outcome(runId: string): Promise<Run | null> {
    const terminal = (run: Run) => ['succeeded', 'failed', 'cancelled'].includes(run.status);
    const waitsForRetry = (run: Run) => run.steps.some((s) => s.status === 'failed' && !!s.retryAt && Date.parse(s.retryAt) > this.clock.now().getTime())
      && !run.steps.some((s) => s.status === 'running');
    for (let wake = 0; wake < 20; wake++) {
      const read = await eventually(() => this.app.http().get(`/api/runs/${runId}`), (r) => r.status === 404 || (r.status === 200 && (terminal(r.body) || waitsForRetry(r.body))));
      if (read.status === 404) return null;
      if (terminal(read.body)) return read.body as Run;
      this.clock.advance(5 * 60_000);
      await this.app.wakeDue();
    }
    throw new Error(`Run ${runId} did not finish after 20 wake-ups`);
  }

  /** Waits for the run to end; a step waiting for a retry is woken by moving the clock past it. */
  async finish(runId: string): Promise<Run> {
    const run = await this.outcome(runId);
    if (!run) throw new Error(`Run ${runId} is gone: its trigger found the event changed nothing for the flow`);
    return run;
  }

  /** Delivers an event and waits for the run it starts to end. */
  async fire(path: string, body: string): Promise<Run> {
    return this.finish(await this.deliver(path, body));
  }

  /** Delivers an event the flow's trigger should find to change nothing for it: fails unless it leaves no run. */
  async fireDiscarded(path: string, body: string): Promise<void> {
    const runId = await this.deliver(path, body);
    const run = await this.outcome(runId);
    if (run) throw new Error(`Event on ${path} left run ${runId} (${run.status}); expected none`);
  }

  async runsOf(flowId: string): Promise<{ id: string; status: string }[]> {
    return (await this.app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items;
  }
}
