import { RateLimitError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24GetDeal } from './get-deal';

describe('Bitrix24 rate limit', () => {
  let sim: Bitrix24Simulator;
  let clock = new Date('2026-03-02T09:00:00.000Z');
  const getDeal = (attempt = 1) => runNode(bitrix24GetDeal, { connection: 'b24', dealId: 410 }, nodeContext(sim, { attempt }));

  beforeAll(async () => {
    sim = await startBitrix24({ now: () => clock, rateLimit: { perSecond: 2 } });
    sim.addDeal({ ID: '410' });
  });
  afterAll(() => sim.stop());

  it('answers beyond 2 requests a second with 503 QUERY_LIMIT_EXCEEDED, a retryable rate limit, and the retry succeeds', async () => {
    await getDeal();
    await getDeal();
    const limited = await getDeal().catch((e: unknown) => e);

    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 1000, message: expect.stringContaining('503 QUERY_LIMIT_EXCEEDED') });

    // The engine retries after retryAfterMs; by then the portal has drained the bucket.
    clock = new Date(clock.getTime() + (limited as RateLimitError).retryAfterMs!);
    const retried = await getDeal(2);

    expect(retried.output).toMatchObject({ deal: { id: 410 } });
  });
});
