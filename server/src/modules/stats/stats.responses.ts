import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

const count = z.number().int();

export const runsPerBucketAnswer = z.object({
  bucket: z.enum(['hour', 'day']),
  from: isoDate,
  to: isoDate,
  buckets: z.array(z.object({
    at: isoDate, queued: count, running: count, waiting: count, succeeded: count, failed: count, cancelled: count, total: count,
  })).describe('Every bucket of the period, empty ones too'),
});

export const flowStatsAnswer = z.object({
  items: z.array(z.object({
    flowId: z.uuid(),
    flowName: z.string(),
    runs: count,
    succeeded: count,
    failed: count,
    failureRate: z.number().describe('Failed of the runs that ended in the period, 0..1'),
    p95DurationMs: z.number().int().nullable(),
  })),
});

export const waitingAnswer = z.object({
  total: count.describe('Runs waiting now'),
  items: z.array(z.object({
    flowId: z.uuid(),
    flowName: z.string(),
    nodeId: z.string(),
    nodeName: z.string().nullable(),
    kind: z.enum(['event', 'timer', 'form', 'approval', 'retry']),
    eventType: z.string().nullable(),
    count,
    nextUntil: isoDate.nullable(),
  })),
});

export const errorsAnswer = z.object({
  items: z.array(z.object({
    flowId: z.uuid(),
    flowName: z.string(),
    nodeId: z.string().nullable(),
    nodeName: z.string().nullable(),
    message: z.string().nullable(),
    count,
    lastAt: isoDate,
    lastRunId: z.uuid().describe('The newest failed run of this group'),
  })),
});
