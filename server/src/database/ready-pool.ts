import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type PoolClient, type PoolConfig } from 'pg';

/** SQLSTATE 57P03, cannot_connect_now: Postgres is starting up or shutting down. */
const CANNOT_CONNECT_NOW = '57P03';

export interface ReadyPoolConfig extends PoolConfig {
  /** How often to try again while Postgres cannot take connections; default 100 ms. */
  retryMs?: number;
  /** How long to keep trying before the 57P03 is thrown; default 60 s. */
  patienceMs?: number;
}

/**
 * A pg Pool whose connections wait while Postgres answers "cannot connect now" (57P03), as it does
 * for the seconds of a restart, and are made as soon as it accepts them again.
 *
 * graphile-worker retries 57P03 itself, sleeping 1.5–4.5 s and then longer (up to 120 s) between
 * tries, and its local queue fetches no job while it sleeps: after a 2 s Postgres restart the
 * soak saw workers take nothing for 3–7 s, every connection idle and none asked for. Queries
 * (pool.query) wait too, so a runner being replaced after the restart starts at once.
 */
export class ReadyPool extends Pool {
  private readonly retryMs: number;
  private readonly patienceMs: number;

  constructor({ retryMs = 100, patienceMs = 60_000, ...config }: ReadyPoolConfig) {
    super(config);
    this.retryMs = retryMs;
    this.patienceMs = patienceMs;
  }

  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
    if (!callback) return this.connectWhenReady();
    this.connectWhenReady().then(
      (client) => callback(undefined, client, (release?: unknown) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  private async connectWhenReady(): Promise<PoolClient> {
    const giveUpAt = Date.now() + this.patienceMs;
    for (;;) {
      try {
        return await super.connect();
      } catch (error) {
        if ((error as { code?: unknown })?.code !== CANNOT_CONNECT_NOW || this.ending || Date.now() + this.retryMs > giveUpAt) throw error;
        await sleep(this.retryMs);
      }
    }
  }
}

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void;
