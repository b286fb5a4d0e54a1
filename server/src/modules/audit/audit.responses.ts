import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

export const auditEntryAnswer = z.object({
  id: z.union([z.string(), z.number()]),
  at: isoDate,
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
