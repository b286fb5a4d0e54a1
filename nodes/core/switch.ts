import { defineNode, f, outcome } from '../sdk';

export const switchNode = defineNode({
  type: 'core.switch',
  kind: 'condition',
  title: 'Switch',
  category: 'Logic',
  description: 'Routes to the first case whose value equals the input, else to default.',
  params: {
    value: f.json({ label: 'Value', required: true, description: 'e.g. {{ $trigger.body.status }}' }),
    cases: f.list({
      label: 'Cases',
      required: true,
      of: {
        port: f.text({ label: 'Port name', required: true, expressions: false }),
        equals: f.json({ label: 'Equals', required: true }),
      },
    }),
  },
  ports: { fromList: 'cases', nameField: 'port', then: ['default'] },
  sampleOutput: { value: 'won', port: 'won' },
  run(_ctx, params) {
    // Loose on type: a stage id typed as "142" must match the number 142 from the CRM.
    const hit = params.cases.find((c) => String(c.equals) === String(params.value));
    const port = hit?.port ?? 'default';
    return outcome.port(port, { value: params.value, port });
  },
});
