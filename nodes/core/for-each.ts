import { defineNode, f, InputError, LOOP_DONE_PORT, LOOP_ITEM_PORT, outcome } from '../sdk';

/** Past this many iterations a loop belongs in a batch job or a data table, not in one run. */
export const MAX_LOOP_ITERATIONS = 10_000;

export const forEachNode = defineNode({
  type: 'core.forEach',
  kind: 'loop',
  title: 'For each',
  category: 'Logic',
  description:
    'Runs the nodes wired to "item" once per element of a list (an invoice’s product rows, the managers of a department), with {{ $item }} and {{ $index }} in scope, '
    + 'then goes on from "done" with what each iteration ended with: { results, count, errors }. A finished item is never run again, even after a crash.',
  params: {
    items: f.json({ label: 'Items', required: true, description: 'A list, e.g. {{ $steps.deal.products }}' }),
    batchSize: f.number({ label: 'Items per iteration', integer: true, min: 1, max: 1000, default: 1, description: 'Above 1, {{ $item }} is a list of up to this many items' }),
    concurrency: f.number({ label: 'Items in progress at once', integer: true, min: 1, max: 100, default: 1, description: 'How many iterations may wait (for a timer, an event, a sub-flow) at the same time; they start in order' }),
    onItemError: f.select({
      label: 'When an item fails',
      options: [{ value: 'fail', label: 'Stop: the loop fails (error port, or the run fails)' }, { value: 'continue', label: 'Go on: list it in errors' }],
      default: 'fail',
    }),
  },
  ports: [LOOP_ITEM_PORT, LOOP_DONE_PORT],
  sampleOutput: { results: [{}], count: 1, errors: [] },
  run(_ctx, params) {
    if (!Array.isArray(params.items)) {
      throw new InputError(`'items' must be a list, not ${params.items === null ? 'null' : typeof params.items}`, { field: 'items' });
    }
    const batchSize = params.batchSize ?? 1;
    const iterations = Math.ceil(params.items.length / batchSize);
    if (iterations > MAX_LOOP_ITERATIONS) {
      throw new InputError(`'items' makes ${iterations} iterations, more than the limit of ${MAX_LOOP_ITERATIONS}: raise 'Items per iteration'`, { field: 'items' });
    }
    return outcome.iterate(params.items, { batchSize, concurrency: params.concurrency ?? 1, continueOnError: params.onItemError === 'continue' });
  },
});
