import { InputError, runNode } from '../sdk';
import { waitForEventNode } from './wait-for-event';

const now = new Date('2026-03-02T10:00:00.000Z');
const clock = { now: () => now };
const later = (ms: number) => new Date(now.getTime() + ms);

describe('core.waitForEvent', () => {
  it('parks the run until the event of that type and key, or the timeout', async () => {
    const result = await runNode(waitForEventNode, { eventType: 'payment.succeeded', correlationKey: 'INV-7', timeoutAmount: 2, timeoutUnit: 'hours' }, clock);
    expect(result.wait).toEqual({ until: later(2 * 3_600_000), event: { type: 'payment.succeeded', key: 'INV-7' } });
    expect(result.output).toEqual({ waitingFor: 'payment.succeeded', key: 'INV-7', timeoutAt: later(2 * 3_600_000).toISOString() });
  });

  it('times out after 5 days by default', async () => {
    const result = await runNode(waitForEventNode, { eventType: 'payment.succeeded', correlationKey: 'INV-7' }, clock);
    expect(result.wait?.until).toEqual(later(5 * 86_400_000));
  });

  it.each([
    [30, 'minutes', 30 * 60_000],
    [1, 'days', 86_400_000],
  ])('honours a timeout of %p %s', async (timeoutAmount, timeoutUnit, ms) => {
    const result = await runNode(waitForEventNode, { eventType: 'e', correlationKey: 'k', timeoutAmount, timeoutUnit }, clock);
    expect(result.wait?.until).toEqual(later(ms));
  });

  it('accepts a correlation key that resolved to a number (e.g. {{ $steps.invoice.docId }})', async () => {
    const result = await runNode(waitForEventNode, { eventType: 'payment.succeeded', correlationKey: 4711 }, clock);
    expect(result.wait?.event).toEqual({ type: 'payment.succeeded', key: '4711' });
  });

  it('leaves on the event port with the event data when the event arrived', async () => {
    const result = await runNode(waitForEventNode, { eventType: 'payment.succeeded', correlationKey: 'INV-7' }, {
      ...clock,
      resumed: { reason: 'event', data: { amount: 100, currency: 'ILS' } },
    });
    expect(result.wait).toBeUndefined();
    expect(result).toMatchObject({ port: 'event', output: { event: { amount: 100, currency: 'ILS' } } });
  });

  it('leaves on the timeout port when the timeout passed', async () => {
    const woke = new Date('2026-03-07T10:00:01.000Z');
    const result = await runNode(waitForEventNode, { eventType: 'payment.succeeded', correlationKey: 'INV-7' }, {
      now: () => woke,
      resumed: { reason: 'timeout', data: { waitingFor: 'payment.succeeded' } },
    });
    expect(result).toMatchObject({ port: 'timeout', output: { timedOutAt: '2026-03-07T10:00:01.000Z' } });
  });

  it('requires an event type and a correlation key', async () => {
    await expect(runNode(waitForEventNode, { correlationKey: 'k' }, clock)).rejects.toMatchObject({ field: 'eventType' });
    await expect(runNode(waitForEventNode, { eventType: 'e' }, clock)).rejects.toBeInstanceOf(InputError);
  });

  it('has event and timeout ports and no error port', () => {
    expect(waitForEventNode.ports({})).toEqual(['event', 'timeout']);
    expect(waitForEventNode.errorPort).toBe(false);
  });
});
