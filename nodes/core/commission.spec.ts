import { InputError, runNode } from '../sdk';
import { commissionNode } from './commission';

type Output = { amount: string; amountMinor: number; capped: boolean; breakdown: { rule: number; label: string; product?: string; base: string; part: string; capped: boolean }[] };
const commission = async (params: Record<string, unknown>) => (await runNode(commissionNode, params)).output as Output;

/** Tiers of the case study: 3 % below 100 000, 5 % from 100 000 below 500 000, 7 % from 500 000, plus 1 000 on reaching 500 000. */
const tiers = [
  { label: 'Small deals', to: '100000', percent: '3' },
  { label: 'Medium deals', from: '100000', to: '500000', percent: '5' },
  { label: 'Large deals', from: '500000', percent: '7', fixed: '1000' },
];

describe('core.commission', () => {
  describe('first matching rule', () => {
    it.each([
      ['99999.99', '3000.00'], // 2999.9997 rounds half up to the kopeck
      ['100000', '5000.00'],
      ['100000.01', '5000.00'], // 5000.0005 → 5000.00
      ['499999.99', '25000.00'],
      ['500000', '36000.00'],
      ['500000.01', '36000.00'],
    ])('on %s pays %s: the lower bound of a tier belongs to it, to the kopeck', async (amount, expected) => {
      expect((await commission({ amount, rules: tiers })).amount).toBe(expected);
    });

    it('explains which rule paid, and reads a decimal comma and spaces', async () => {
      const out = await commission({ amount: '150 000,50', rules: tiers });
      expect(out).toMatchObject({ amount: '7500.03', amountMinor: 750003, capped: false });
      expect(out.breakdown).toEqual([expect.objectContaining({ rule: 2, label: 'Medium deals', base: '150000.5', part: '7500.03' })]);
    });

    it('takes the manager’s own rule first and others’ rules never', async () => {
      const rules = [{ label: 'Anna', manager: '17', percent: '10' }, { label: 'Everyone', percent: '4' }];
      expect((await commission({ amount: 1000, manager: '17', rules })).amount).toBe('100.00');
      expect((await commission({ amount: 1000, manager: 42, rules })).amount).toBe('40.00');
    });
  });

  describe('cumulative tiers', () => {
    it.each([
      ['100000', '3000.00'],
      ['100000.01', '3000.00'], // + 0.0005
      ['500000', '24000.00'], // 3 000 + 20 000, and the large tier's bonus on reaching it
      ['499999.99', '23000.00'],
      ['600000', '31000.00'], // 3 000 + 20 000 + 7 000 + 1 000
    ])('on %s pays %s', async (amount, expected) => {
      const out = await commission({ amount, rules: tiers, mode: 'tiers' });
      expect(out.amount).toBe(expected);
    });
  });

  it('computes per product row with product rules, and caps a rule and the total', async () => {
    const rules = [{ label: 'Licences', product: 'licence', percent: '10', cap: '500' }, { label: 'Services', product: 'service', percent: '20' }];
    const lines = [{ product: 'licence', amount: 8000 }, { product: 'service', amount: '1000,00' }, { product: 'hardware', amount: 5000 }];
    const out = await commission({ lines, rules });
    expect(out.amount).toBe('700.00');
    expect(out.breakdown).toEqual([
      expect.objectContaining({ product: 'licence', part: '500.00', capped: true }),
      expect.objectContaining({ product: 'service', part: '200.00', capped: false }),
    ]);
    const capped = await commission({ lines, rules, cap: '600' });
    expect(capped).toMatchObject({ amount: '600.00', capped: true });
  });

  it('rounds as told: half to even keeps 0.125 at 0.12, half up makes it 0.13', async () => {
    const rules = [{ percent: '12.5' }];
    expect((await commission({ amount: '1', rules, rounding: 'halfEven' })).amount).toBe('0.12');
    expect((await commission({ amount: '1', rules })).amount).toBe('0.13');
  });

  it('names the field of an amount it cannot read, and of a tier that ends before it starts', async () => {
    await expect(commission({ amount: '12abc', rules: tiers })).rejects.toMatchObject({ field: 'amount' });
    await expect(commission({ amount: '1', rules: [{ from: '10', to: '5', percent: '1' }] })).rejects.toMatchObject({ field: 'rules.0.to' });
    await expect(commission({ rules: tiers })).rejects.toBeInstanceOf(InputError);
  });
});
