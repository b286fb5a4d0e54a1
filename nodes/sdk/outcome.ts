/**
 * A node's run returns its output (taken on the `out` port) or one of these outcomes.
 * They are branded so that no output object can be mistaken for an outcome.
 */
import type { WakePlan } from './calendar';

const BRAND = Symbol.for('flowbridge.outcome');

export type Outcome =
  | { [BRAND]: true; type: 'port'; port: string; output: unknown }
  | { [BRAND]: true; type: 'wait'; until: Date; output?: unknown; event?: { type: string; key: string }; plan?: WakePlan }
  | { [BRAND]: true; type: 'iterate'; items: unknown[]; options: IterateOptions };

/** How a loop node walks its items (see core.forEach). */
export interface IterateOptions {
  /** Items per iteration: above 1, `$item` is a list of up to this many items. */
  batchSize: number;
  /** Iterations in progress at once (each may wait for a timer or an event). */
  concurrency: number;
  /** A failed item is recorded and the loop goes on, instead of the loop failing. */
  continueOnError: boolean;
}

export const outcome = {
  /** Emit `output` on a named port (conditions, switch cases, error routing). */
  port(port: string, output: unknown = {}): Outcome {
    return { [BRAND]: true, type: 'port', port, output };
  },
  /**
   * Park the run until `until`; the engine resumes the node with `ctx.resumed` set. A `plan` says
   * how `until` came from the flow's calendar, so editing that calendar can move the wake-up.
   */
  waitUntil(until: Date, output?: unknown, plan?: WakePlan): Outcome {
    return { [BRAND]: true, type: 'wait', until, output, plan };
  },
  /**
   * Park the run until an event of `type` with correlation `key` arrives, or `timeoutAt` passes.
   * The engine resumes the node with `ctx.resumed.reason` 'event' (and the event data) or 'timeout'.
   */
  waitForEvent(event: { type: string; key: string }, timeoutAt: Date, output?: unknown, plan?: WakePlan): Outcome {
    return { [BRAND]: true, type: 'wait', until: timeoutAt, output, event, plan };
  },
  /**
   * Run the nodes wired to the `item` port once per item (or batch), then go on from `done` with
   * what each iteration ended with. Only nodes of kind `loop` may return it.
   */
  iterate(items: unknown[], options: IterateOptions): Outcome {
    return { [BRAND]: true, type: 'iterate', items, options };
  },
};

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
