import { InputError, runNode } from '../../../sdk';
import type { KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import { kommoContinueSalesbot } from './continue-salesbot';

describe('kommo.continueSalesbot', () => {
  let sim: KommoSimulator;
  const resume = (params: Record<string, unknown>) => runNode(kommoContinueSalesbot, { connection: 'kommo-main', ...params }, nodeContext(sim));

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.salesbotContinuations.length = 0;
  });

  it('posts the data and a show handler to the continue URL of the waiting bot', async () => {
    const { output } = await resume({
      returnUrl: `${sim.url}/api/v4/salesbot/321/continue/a1b2c3`,
      data: { status: 'success', link: 'https://pay.example.com/inv/1001' },
      message: 'Your payment link: https://pay.example.com/inv/1001',
    });

    expect(output).toEqual({ continued: true });
    expect(sim.salesbotContinuations).toEqual([{
      botId: 321,
      continueId: 'a1b2c3',
      body: {
        data: { status: 'success', link: 'https://pay.example.com/inv/1001' },
        execute_handlers: [{ handler: 'show', params: { type: 'text', value: 'Your payment link: https://pay.example.com/inv/1001' } }],
      },
    }]);
  });

  it("sends the bearer token only to the connection's own Kommo, whatever host the return URL names", async () => {
    await resume({ returnUrl: 'https://attacker.example/api/v4/salesbot/9/continue/x1' });

    expect(sim.salesbotContinuations).toEqual([{ botId: 9, continueId: 'x1', body: { data: {} } }]);
  });

  it('refuses a URL that is not a Salesbot return URL', async () => {
    await expect(resume({ returnUrl: 'https://example.kommo.com/api/v4/leads/1' })).rejects.toBeInstanceOf(InputError);
    expect(sim.requests).toHaveLength(0);
  });
});
