import { z } from 'zod';
import { flowAnswer } from '../flows/flows.responses';

export const templateAnswer = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  connectors: z.array(z.string()).describe('Connectors the flows use; enable them before publishing'),
  params: z.record(z.string(), z.record(z.string(), z.unknown())),
  texts: z.record(z.string(), z.record(z.string(), z.unknown())).describe('Title, description and params in en/ru/es'),
});

export const instantiatedAnswer = z.object({ flows: z.array(flowAnswer) });
