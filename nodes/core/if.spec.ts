import { runNode } from '../sdk';
import { ifNode, isTruthy } from './if';

describe('core.if', () => {
  it.each([
    ['false', 'false'],
    ['FALSE', 'false'],
    [' false ', 'false'],
    ['0', 'false'],
    ['', 'false'],
    ['no', 'false'],
    ['null', 'false'],
    ['undefined', 'false'],
    ['true', 'true'],
    ['yes', 'true'],
    ['1', 'true'],
    ['anything else', 'true'],
  ])('routes the string %p to the %s port', async (condition, port) => {
    const result = await runNode(ifNode, { condition });
    expect(result.port).toBe(port);
    expect(result.output).toEqual({ result: port === 'true' });
  });

  it.each([
    [true, 'true'],
    [false, 'false'],
    [1, 'true'],
    [0, 'false'],
    [null, 'false'],
    [{}, 'true'],
    [[], 'true'],
  ])('follows JS truthiness for %p', async (condition, port) => {
    expect((await runNode(ifNode, { condition })).port).toBe(port);
  });

  it('takes the false branch when the condition expression resolved to undefined', async () => {
    expect((await runNode(ifNode, { condition: undefined })).port).toBe('false');
  });

  it('exposes the truthiness helper', () => {
    expect(isTruthy(' No ')).toBe(false);
    expect(isTruthy('0.0')).toBe(true);
  });
});
