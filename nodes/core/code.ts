import { defineNode, f, InputError } from '../sdk';

export const codeNode = defineNode({
  type: 'core.code',
  kind: 'expression',
  title: 'Code',
  category: 'Data',
  description: 'A JavaScript function body run in the sandbox; $trigger, $steps, $prev, $run and $vars are in scope; return an object.',
  params: {
    code: f.code({ label: 'Code', required: true, default: 'return { ...$prev };' }),
  },
  sampleOutput: {},
  async run(ctx, params) {
    const result = await ctx.code.run(params.code, {});
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new InputError(`Code must return an object, got ${Array.isArray(result) ? 'an array' : result === null ? 'null' : typeof result}`, { field: 'code' });
    }
    return result;
  },
});
