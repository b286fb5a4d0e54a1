import type { TriggerContext } from '../../../sdk';
import { isNotFound } from '../../../sdk';
import type { Received } from './event';

/** An entity deleted (or hidden from the webhook's user) between the event and its re-read leaves nothing to act on. */
export async function readOrIgnore<T>(ctx: TriggerContext, work: Promise<T>, what: string): Promise<{ found: T } | { ignore: string }> {
  try {
    return { found: await work };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    ctx.log.warn(`${what} from a Bitrix24 event no longer exists`);
    return { ignore: `${what} no longer exists` };
  }
}

/** The stored delivery `load` receives back from intake. */
export function received(output: unknown): Received {
  return output as Received;
}
