import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';
import { userAnswer } from '../users/users.responses';

export const loginAnswer = z.object({
  user: userAnswer,
  csrfToken: z.string().describe('Send as x-csrf-token with every write made with the session cookie'),
  demo: z.boolean().describe('The demo workspace is running'),
});

export const meAnswer = z.object({
  id: z.uuid(),
  email: z.string(),
  roles: z.array(z.enum(['admin', 'analyst', 'manager'])),
  csrfToken: z.string().nullable().optional(),
  demo: z.boolean(),
});

export const tokenAnswer = z.object({ id: z.uuid(), name: z.string(), createdAt: isoDate, lastUsedAt: isoDate.nullable(), revokedAt: isoDate.nullable() });
export const createdTokenAnswer = z.object({ id: z.uuid(), name: z.string(), token: z.string().describe('Shown once: send as Authorization: Bearer'), createdAt: isoDate });
