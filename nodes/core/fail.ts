import { defineNode, f, FlowFailError } from '../sdk';

export const failNode = defineNode({
  type: 'core.fail',
  kind: 'action',
  title: 'Stop and fail',
  category: 'Logic',
  description: 'Ends the run as failed with a message.',
  errorPort: false,
  sideEffects: false,
  params: {
    message: f.text({ label: 'Message', required: true }),
  },
  ports: [],
  run(_ctx, params) {
    throw new FlowFailError(params.message);
  },
});
