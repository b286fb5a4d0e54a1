import { defineNode, f, outcome } from '../sdk';

/** Strings typed into the form ("false", "0", "") are false; everything else follows JS truthiness. */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'string') return !['', 'false', '0', 'no', 'null', 'undefined'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

export const ifNode = defineNode({
  type: 'core.if',
  kind: 'condition',
  title: 'If',
  category: 'Logic',
  description: 'Takes the true or the false branch.',
  params: {
    condition: f.json({ label: 'Condition', required: true, description: 'An expression, e.g. {{ $trigger.body.amount > 1000 }}' }),
  },
  ports: ['true', 'false'],
  sampleOutput: { result: true },
  run(_ctx, params) {
    const result = isTruthy(params.condition);
    return outcome.port(result ? 'true' : 'false', { result });
  },
});
