import { InputError, runNode, type CodeRunner } from '../sdk';
import { codeNode } from './code';

function fakeCode(result: unknown): CodeRunner & { calls: { body: string; vars: Record<string, unknown> }[] } {
  const calls: { body: string; vars: Record<string, unknown> }[] = [];
  return {
    calls,
    run: async (body, vars) => {
      calls.push({ body, vars });
      return result;
    },
  };
}

describe('core.code', () => {
  it('runs the body through ctx.code and outputs the returned object', async () => {
    const code = fakeCode({ total: 180 });
    const result = await runNode(codeNode, { code: 'return { total: $prev.net * 1.2 };' }, { code });
    expect(code.calls).toEqual([{ body: 'return { total: $prev.net * 1.2 };', vars: {} }]);
    expect(result).toMatchObject({ port: 'out', output: { total: 180 } });
  });

  it('runs the default body when none is given', async () => {
    const code = fakeCode({});
    await runNode(codeNode, {}, { code });
    expect(code.calls[0].body).toBe('return { ...$prev };');
  });

  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['number', 42],
    ['string', 'ok'],
    ['undefined', undefined],
  ])('rejects a result that is %s with an InputError on field code', async (described, value) => {
    const error = await runNode(codeNode, { code: 'return x;' }, { code: fakeCode(value) }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'code', retryable: false, message: `Code must return an object, got ${described}` });
  });

  it('passes errors of the sandbox through', async () => {
    const boom = new Error('x is not defined');
    await expect(runNode(codeNode, { code: 'return x;' }, { code: { run: async () => { throw boom; } } })).rejects.toBe(boom);
  });

  it('rejects an empty body', async () => {
    await expect(runNode(codeNode, { code: '' }, { code: fakeCode({}) })).rejects.toMatchObject({ field: 'code' });
  });
});
