import { z } from 'zod';

export const connectorAnswer = z.object({
  key: z.string(),
  title: z.string(),
  category: z.string().optional(),
  description: z.string().optional(),
  icon: z.string().optional(),
  enabled: z.boolean(),
  credentials: z.unknown().describe('The credential fields a connection of this connector asks for'),
  nodes: z.array(z.object({ type: z.string(), kind: z.string(), title: z.string() })),
});

export const connectorUsageAnswer = z.object({ flows: z.array(z.object({ id: z.uuid(), name: z.string(), version: z.number().int() })) });
