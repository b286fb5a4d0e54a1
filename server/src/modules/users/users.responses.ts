import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

export const userAnswer = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(['admin', 'analyst', 'manager'])),
  disabled: z.boolean(),
  createdAt: isoDate,
});
