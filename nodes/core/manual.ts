import { defineTrigger, triggerKeyFields } from '../sdk';

export const manualTrigger = defineTrigger({
  type: 'core.manual',
  title: 'Manual run',
  category: 'Triggers',
  description: 'Starts a run from the editor or POST /api/flows/:id/run with a payload.',
  source: 'manual',
  params: { ...triggerKeyFields },
  sampleOutput: {},
  receive: (request) => ({ output: request.body ?? {} }),
});
