import { defineNode, f } from '../sdk';

export const mapNode = defineNode({
  type: 'core.map',
  kind: 'expression',
  title: 'Map fields',
  category: 'Data',
  description: 'Builds an object from named expressions.',
  params: {
    fields: f.keyValue({ label: 'Fields', required: true, description: 'Each value may be an expression, e.g. {{ $trigger.body.price * 1.2 }}' }),
  },
  sampleOutput: {},
  run: (_ctx, params) => params.fields,
});
