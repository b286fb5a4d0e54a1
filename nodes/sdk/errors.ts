/**
 * Typed node errors. The engine decides from the type alone whether a failure is retried:
 * user mistakes (input, config, auth) fail at once; remote faults and rate limits retry.
 */
export type NodeErrorKind = 'input' | 'config' | 'auth' | 'remote' | 'rate_limit' | 'expression' | 'cancelled' | 'fail';

export interface SerializedNodeError {
  kind: NodeErrorKind | 'system';
  message: string;
  retryable: boolean;
  field?: string;
  status?: number;
  retryAfterMs?: number;
  details?: unknown;
}

export abstract class NodeError extends Error {
  abstract readonly kind: NodeErrorKind;
  abstract readonly retryable: boolean;
  field?: string;
  details?: unknown;

  constructor(message: string, options?: { field?: string; details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options?.field;
    this.details = options?.details;
  }

  toJSON(): SerializedNodeError {
    return { kind: this.kind, message: this.message, retryable: this.retryable, field: this.field, details: this.details };
  }
}

/** The data reaching the node is wrong (a param resolved to a bad value). */
export class InputError extends NodeError {
  readonly kind = 'input' as const;
  readonly retryable = false;
}

/** The node or connection is configured wrongly; retrying cannot help. */
export class ConfigError extends NodeError {
  readonly kind = 'config' as const;
  readonly retryable = false;
}

/** The remote system refused our credentials. */
export class AuthError extends NodeError {
  readonly kind = 'auth' as const;
  readonly retryable = false;
}

/** An expression failed to compile, threw, timed out or ran out of memory. */
export class ExpressionError extends NodeError {
  readonly kind = 'expression' as const;
  readonly retryable = false;
}

/** A remote system failed; network faults and 5xx retry, other statuses do not. */
export class RemoteError extends NodeError {
  readonly kind = 'remote' as const;
  readonly retryable: boolean;
  readonly status?: number;

  constructor(message: string, options?: { status?: number; retryable?: boolean; details?: unknown; cause?: unknown }) {
    super(message, options);
    this.status = options?.status;
    this.retryable = options?.retryable ?? (options?.status === undefined || options.status >= 500 || options.status === 408);
  }

  override toJSON(): SerializedNodeError {
    return { ...super.toJSON(), status: this.status };
  }
}

/** 429 and friends: retry, but not before the remote says so. */
export class RateLimitError extends NodeError {
  readonly kind = 'rate_limit' as const;
  readonly retryable = true;
  readonly retryAfterMs?: number;

  constructor(message: string, options?: { retryAfterMs?: number; details?: unknown }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }

  override toJSON(): SerializedNodeError {
    return { ...super.toJSON(), status: 429, retryAfterMs: this.retryAfterMs };
  }
}

/** The flow itself asked to stop as failed (core.fail). */
export class FlowFailError extends NodeError {
  readonly kind = 'fail' as const;
  readonly retryable = false;
}

export class CancelledError extends NodeError {
  readonly kind = 'cancelled' as const;
  readonly retryable = false;
}

/** Anything that is not a NodeError is a system fault: retryable, message kept, stack dropped. */
export function serializeError(error: unknown): SerializedNodeError {
  if (error instanceof NodeError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'system', message, retryable: true };
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** The remote system answered 404: what was asked for is not there (or not visible to this login). */
export function isNotFound(error: unknown): boolean {
  return error instanceof RemoteError && error.status === 404;
}

/**
 * For a connector's api.ts: `orMissing(work, what, param)` turns a remote 404 into bad input naming
 * the param that carried the id ("Deal 7 does not exist in Bitrix24"), so the engine does not retry
 * it and the analyst sees which field to fix.
 */
export function missingIn(system: string, hint?: string) {
  return async function orMissing<T>(work: Promise<T>, what: string, param: string): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (isNotFound(error)) throw new InputError(`${what} does not exist in ${system}${hint ? ` (${hint})` : ''}`, { field: param, cause: error });
      throw error;
    }
  };
}
