import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

export const connectionAnswer = z.object({
  id: z.uuid(),
  connector: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.string()).describe('Non-secret fields only'),
  secretFields: z.array(z.string()).describe('Names of the secret fields that are set; their values never leave the server'),
  createdAt: isoDate,
});

export const optionsAnswer = z.array(z.object({ value: z.string(), label: z.string() }));
export const connectionTestAnswer = z.object({ ok: z.boolean(), message: z.string() });
