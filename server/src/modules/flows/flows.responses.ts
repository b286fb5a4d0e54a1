import { z } from 'zod';

/** Timestamps travel as ISO 8601 strings. */
export const isoDate = z.string().describe('ISO 8601 date-time');

/**
 * A graph as the API answers it: a draft may hold what publishing would refuse (its problems say
 * what), so only the frame is promised here; the flow JSON format itself is `flowGraphSchema`.
 */
export const graphAnswer = z.object({
  schema: z.number().int().optional(),
  name: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  nodes: z.array(z.object({
    id: z.string(),
    type: z.string(),
    version: z.number().int().optional(),
    name: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    position: z.object({ x: z.number(), y: z.number() }).optional(),
    retry: z.record(z.string(), z.unknown()).optional(),
    pinnedOutput: z.unknown().optional(),
  }).loose()),
  edges: z.array(z.object({ from: z.string(), port: z.string().optional(), to: z.string() })),
  notes: z.array(z.record(z.string(), z.unknown())).optional(),
}).loose();

export const graphProblem = z.object({
  nodeId: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
  code: z.string().optional().describe('Say it in the user\'s language as problems.<code>'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const flowStats = z.object({
  lastRunStatus: z.string().nullable(),
  lastRunAt: isoDate.nullable(),
  runsToday: z.number().int(),
  failureRate: z.number().nullable().describe('Share of live runs finished in the last 24 hours that failed, 0..1'),
});

const flowFields = {
  id: z.uuid(),
  name: z.string(),
  publishedVersion: z.number().int().nullable(),
  revision: z.number().int().describe('Send it back with the next save: a save against an older revision answers 409'),
  stats: flowStats.optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
  problems: z.array(graphProblem),
};

export const flowAnswer = z.object({ ...flowFields, graph: graphAnswer });
export const flowSummaryAnswer = z.object({ ...flowFields, nodeCount: z.number().int() });
export const publishAnswer = z.object({ version: z.number().int(), versionId: z.uuid() });

export const versionsAnswer = z.array(z.object({
  id: z.uuid(),
  version: z.number().int(),
  createdAt: isoDate,
  publishedBy: z.string().nullable().describe('E-mail of who published it'),
  note: z.string().nullable(),
}));

const valueChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
const edge = z.object({ from: z.string(), port: z.string().optional(), to: z.string() });
export const diffAnswer = z.object({
  from: z.number().int(),
  to: z.union([z.number().int(), z.literal('draft')]),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ nodeId: z.string(), changes: z.array(valueChange) })),
  edgesAdded: z.array(edge),
  edgesRemoved: z.array(edge),
  settings: z.array(valueChange),
});

export const samplesAnswer = z.record(z.string(), z.unknown()).describe('The newest output of each node by node id');

export const scheduleAnswer = z.object({
  flowId: z.uuid(),
  publishedVersion: z.number().int().nullable(),
  schedules: z.array(z.object({
    nodeId: z.string(),
    cron: z.string(),
    timezone: z.string(),
    workingDaysOnly: z.boolean(),
    calendar: z.string(),
    missed: z.string(),
    nextFireTimes: z.array(isoDate),
  })),
});

export const runStartedAnswer = z.object({ runId: z.uuid() }).loose();
