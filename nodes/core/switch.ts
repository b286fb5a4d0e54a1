import { defineNode, f, outcome, type RawParams } from '../sdk';

function caseNames(params: RawParams): string[] {
  const cases = Array.isArray(params.cases) ? params.cases : [];
  return cases.map((c) => (c && typeof c === 'object' && typeof (c as { port?: unknown }).port === 'string' ? (c as { port: string }).port : '')).filter(Boolean);
}

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
  ports: (params) => [...caseNames(params), 'default'],
  sampleOutput: { value: 'won', port: 'won' },
  run(_ctx, params) {
    // Loose on type: a stage id typed as "142" must match the number 142 from the CRM.
    const hit = params.cases.find((c) => String(c.equals) === String(params.value));
    const port = hit?.port ?? 'default';
    return outcome.port(port, { value: params.value, port });
  },
});
