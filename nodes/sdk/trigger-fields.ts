import { f } from './fields';

/** Every trigger may set these; the engine evaluates them against the trigger's output. */
export const triggerKeyFields = {
  dedupeKey: f.text({
    label: 'Dedupe key',
    description: 'Expression over $trigger; a second delivery with the same key starts no run (e.g. {{ $trigger.body.eventId }})',
  }),
  businessKey: f.text({
    label: 'Business key',
    description: 'Expression over $trigger stored on the run so it can be searched (e.g. a deal id)',
  }),
};
