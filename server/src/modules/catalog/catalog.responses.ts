import { z } from 'zod';

/** A node type as the editor draws it and its form is built: params as JSON Schema, its ports. */
export const nodeDescriptionAnswer = z.object({
  type: z.string(),
  version: z.number().int(),
  kind: z.enum(['trigger', 'condition', 'action', 'expression', 'wait', 'loop']),
  title: z.string(),
  category: z.string().optional(),
  description: z.string().optional(),
  icon: z.string().optional(),
  connector: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the params'),
  ports: z.union([z.array(z.string()), z.literal('dynamic')]),
  dynamicPorts: z.unknown().optional(),
  errorPort: z.boolean().optional(),
  sideEffects: z.boolean(),
  sampleOutput: z.unknown().optional(),
}).loose();

export const catalogTextsAnswer = z.record(z.string(), z.unknown()).describe('Texts by node type, connector and template');
