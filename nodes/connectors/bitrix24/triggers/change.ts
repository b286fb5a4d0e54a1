import { ConfigError, type TriggerState } from '../../../sdk';
import { asText, field } from '../form';

export interface Change {
  changed: boolean;
  previous: string | null;
}

/**
 * Records `value` as the last one seen under `key` and says whether it is news. Events carry only
 * an id, so "the stage changed" can only be told by comparing with what the flow saw before; the
 * first value ever seen for an entity counts as a change (the flow cannot know it was not one).
 * The claiming delivery is stored with the value, so a retry of its own load still counts as the
 * change, while any other delivery of the same value (a duplicate, an unrelated update racing it)
 * does not.
 */
export async function claimChange(state: TriggerState | undefined, key: string, value: string, delivery: string): Promise<Change> {
  if (!state) throw new ConfigError('This trigger needs the engine\'s trigger state, which only its load phase has');
  const before = await state.update(key, (current) => {
    const seen = asText(field(current, 'value'));
    return seen === value ? undefined : { value, previous: seen ?? null, delivery };
  });
  const seen = asText(field(before, 'value'));
  if (seen === undefined) return { changed: true, previous: null };
  if (seen !== value) return { changed: true, previous: seen };
  const claimedHere = field(before, 'delivery') === delivery;
  return { changed: claimedHere, previous: claimedHere ? asText(field(before, 'previous')) ?? null : seen };
}
