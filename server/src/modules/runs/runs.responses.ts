import { z } from 'zod';
import { graphAnswer, isoDate } from '../flows/flows.responses';

export const runStatus = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']);

const runFields = {
  id: z.uuid(),
  flowId: z.uuid(),
  flowName: z.string(),
  flowVersionId: z.uuid(),
  version: z.number().int().nullable().describe('null for a test run of the draft'),
  isTest: z.boolean(),
  status: runStatus,
  triggerNodeId: z.string().nullable(),
  triggerType: z.string().nullable(),
  businessKey: z.string().nullable(),
  wakeAt: isoDate.nullable(),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  durationMs: z.number().nullable(),
  parentRunId: z.uuid().nullable(),
  parentNodeId: z.string().nullable(),
  retryOf: z.uuid().nullable(),
};

/** The error as listed: message, node and the remote system's status and body (cut to 2,000 characters). */
const errorSummary = z.object({
  message: z.unknown(), nodeId: z.unknown(), kind: z.unknown(), status: z.unknown(), body: z.unknown(),
}).partial().nullable();

export const runSummaryAnswer = z.object({ ...runFields, error: errorSummary });

export const runPageAnswer = z.object({
  items: z.array(runSummaryAnswer),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
});

/** A value larger than the run read shows, with its size and the start of its JSON; the step read has it whole. */
const stepFields = {
  id: z.string().regex(/^\d+$/),
  status: z.string(),
  port: z.string().nullable(),
  attempt: z.number().int(),
  error: z.unknown(),
  wakeAt: isoDate.nullable(),
  retryAt: isoDate.nullable(),
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
};

export const stepAnswer = z.object({ ...stepFields, nodeId: z.string(), iterationPath: z.string(), input: z.unknown(), output: z.unknown() });

export const runAnswer = z.object({
  ...runFields,
  dedupeKey: z.string().nullable(),
  error: z.unknown(),
  graph: graphAnswer.nullable().describe('The version the run ran on, secrets masked'),
  waitingFor: z.array(z.object({
    stepId: z.string(),
    nodeId: z.string(),
    kind: z.enum(['event', 'timer', 'form', 'approval', 'retry']),
    eventType: z.string().optional(),
    eventKey: z.string().optional(),
    until: isoDate.nullable(),
  })),
  steps: z.array(stepAnswer.extend({ history: z.array(z.object(stepFields)).describe('Earlier attempts and the wait before a resume, oldest first') })),
  stepsTotal: z.number().int(),
  stepsTruncated: z.boolean(),
  children: z.array(z.object({ id: z.uuid(), flowId: z.uuid(), status: runStatus, parentNodeId: z.string().nullable(), createdAt: isoDate })),
});

export const bulkAnswer = z.object({
  matched: z.number().int(),
  done: z.array(z.uuid()),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  truncated: z.boolean(),
});

export const rerunAnswer = z.object({ runId: z.uuid() });
