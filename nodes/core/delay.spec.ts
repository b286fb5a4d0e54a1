import { InputError, runNode } from '../sdk';
import { delayNode } from './delay';

const now = new Date('2026-03-02T10:00:00.000Z');
const clock = { now: () => now };
const later = (ms: number) => new Date(now.getTime() + ms);

describe('core.delay', () => {
  it.each([
    [5, 'minutes', 5 * 60_000],
    [3, 'hours', 3 * 3_600_000],
    [2, 'days', 2 * 86_400_000],
    [1.5, 'hours', 90 * 60_000],
    [0, 'minutes', 0],
  ])('waits %p %s from now', async (amount, unit, ms) => {
    const result = await runNode(delayNode, { amount, unit }, clock);
    expect(result.wait).toEqual({ until: later(ms), event: undefined });
    expect(result.output).toEqual({ waitingUntil: later(ms).toISOString() });
    expect(result.port).toBe('out');
  });

  it('defaults to one hour', async () => {
    expect((await runNode(delayNode, {}, clock)).wait?.until).toEqual(later(3_600_000));
  });

  it('accepts an amount typed as text', async () => {
    expect((await runNode(delayNode, { amount: '150', unit: 'minutes' }, clock)).wait?.until).toEqual(later(150 * 60_000));
  });

  it('rejects a negative or non-numeric amount and an unknown unit', async () => {
    await expect(runNode(delayNode, { amount: -1 }, clock)).rejects.toBeInstanceOf(InputError);
    await expect(runNode(delayNode, { amount: 'abc' }, clock)).rejects.toMatchObject({ field: 'amount' });
    await expect(runNode(delayNode, { amount: 1, unit: 'weeks' }, clock)).rejects.toMatchObject({ field: 'unit' });
  });

  it('finishes when resumed, reporting when it woke up', async () => {
    const woke = new Date('2026-03-02T13:00:05.000Z');
    const result = await runNode(delayNode, { amount: 3, unit: 'hours' }, {
      now: () => woke,
      resumed: { reason: 'timer', data: { waitingUntil: '2026-03-02T13:00:00.000Z' } },
    });
    expect(result.wait).toBeUndefined();
    expect(result).toMatchObject({ port: 'out', output: { waitedUntil: '2026-03-02T13:00:05.000Z' } });
  });
});
