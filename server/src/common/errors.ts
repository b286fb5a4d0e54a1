import { HttpException, HttpStatus } from '@nestjs/common';
import type { GraphProblem } from '@flowbridge/nodes/sdk';

/** API errors carry a stable code the editor can switch on, a message a person can read, and details. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, extra: Record<string, unknown> = {}) {
    super({ statusCode: status, error: code, message, ...extra }, status);
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string, id: string) {
    super(HttpStatus.NOT_FOUND, 'not_found', `${what} '${id}' not found`);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(HttpStatus.CONFLICT, 'conflict', message);
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(HttpStatus.BAD_REQUEST, 'bad_request', message, extra);
  }
}

export class InvalidGraphError extends ApiError {
  /** `incomplete`: what a draft may still lack (missing params, no trigger), listed alongside for the editor. */
  constructor(problems: GraphProblem[], incomplete: GraphProblem[] = []) {
    const summary = problems.slice(0, 3).map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message)).join('; ');
    super(HttpStatus.BAD_REQUEST, 'invalid_graph', `The flow graph is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${summary}`, { problems, incomplete });
  }
}
