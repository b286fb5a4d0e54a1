/**
 * A node's run returns its output (taken on the `out` port) or one of these outcomes.
 * They are branded so that no output object can be mistaken for an outcome.
 */
import type { WakePlan } from './calendar';

const BRAND = Symbol.for('flowbridge.outcome');

export type Outcome =
  | { [BRAND]: true; type: 'port'; port: string; output: unknown }
  | { [BRAND]: true; type: 'wait'; until: Date; output?: unknown; event?: { type: string; key: string }; plan?: WakePlan };

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
};

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
