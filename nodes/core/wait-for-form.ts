import { ConfigError, defineNode, f, outcome } from '../sdk';
import { DURATION_UNITS, waitEnd } from './durations';
import { FORM_FIELD_TYPES, FORM_SUBMITTED, formEventKey, type FormSpec } from './people';

export const waitForFormNode = defineNode({
  type: 'core.waitForForm',
  kind: 'wait',
  // Its link or answer belongs to the run and node: one per item would not tell the items apart.
  inLoops: false,
  title: 'Wait for a form',
  category: 'People',
  description:
    'Parks the run until someone fills in a form, reached by a signed link ({{ $links.ask }} for a node with id ask; send it by e-mail or write it to the CRM first), '
    + 'or the timeout passes. Answers are matched by the form key, so a reminder branch can wait for the same form again.',
  params: {
    title: f.text({ label: 'Form title', required: true, placeholder: 'How shall we exchange the acts?' }),
    description: f.text({ label: 'Text above the fields', multiline: true }),
    formKey: f.key({ label: 'Form key', required: true, description: 'The business key the answer belongs to, e.g. {{ $trigger.lead.id }}' }),
    fields: f.list({
      label: 'Fields',
      required: true,
      of: {
        name: f.text({ label: 'Name', required: true, expressions: false, placeholder: 'method' }),
        label: f.text({ label: 'Label', required: true }),
        type: f.select({ label: 'Type', options: FORM_FIELD_TYPES, default: 'text' }),
        options: f.text({ label: 'Choices (comma-separated, for a select)' }),
        required: f.boolean({ label: 'Required', default: false }),
      },
    }),
    timeoutAmount: f.number({ label: 'Time out after', required: true, min: 0, default: 3 }),
    timeoutUnit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'days' }),
  },
  ports: ['form', 'timeout'],
  sampleOutput: { answers: { method: 'EDO' }, submittedAt: '2026-01-02T12:00:00.000Z', url: 'https://flowbridge.example/forms/…' },
  run(ctx, params) {
    const url = ctx.links.form();
    if (ctx.resumed?.reason === 'event') {
      const data = (ctx.resumed.data ?? {}) as { answers?: unknown; submittedAt?: unknown };
      return outcome.port('form', { answers: data.answers ?? {}, submittedAt: data.submittedAt ?? null, url });
    }
    if (ctx.resumed) return outcome.port('timeout', { timedOutAt: ctx.now().toISOString(), url, formKey: params.formKey });
    const names = new Set<string>();
    for (const field of params.fields) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(field.name)) throw new ConfigError(`Form field name '${field.name}' must be letters, digits or _`, { field: 'fields' });
      if (names.has(field.name)) throw new ConfigError(`Form field '${field.name}' appears twice`, { field: 'fields' });
      names.add(field.name);
    }
    const { until: timeoutAt, plan } = waitEnd(ctx.now(), params.timeoutAmount, params.timeoutUnit ?? 'days', ctx.calendar, 'timeoutAmount');
    const form: FormSpec = { title: params.title, description: params.description, key: params.formKey, fields: params.fields };
    return outcome.waitForEvent({ type: FORM_SUBMITTED, key: formEventKey(ctx.flowId, params.formKey) }, timeoutAt, { form, url, timeoutAt: timeoutAt.toISOString() }, plan);
  },
});
