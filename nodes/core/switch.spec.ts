import { InputError, runNode } from '../sdk';
import { switchNode } from './switch';

const cases = [
  { port: 'won', equals: 142 },
  { port: 'lost', equals: '143' },
  { port: 'also-won', equals: 142 },
];

describe('core.switch', () => {
  it('matches a stage id typed as text to the number from the CRM', async () => {
    const result = await runNode(switchNode, { value: '142', cases });
    expect(result).toMatchObject({ port: 'won', output: { value: '142', port: 'won' } });
  });

  it('matches a number to a case typed as text', async () => {
    expect((await runNode(switchNode, { value: 143, cases })).port).toBe('lost');
  });

  it('takes the first matching case', async () => {
    expect((await runNode(switchNode, { value: 142, cases })).port).toBe('won');
  });

  it('falls back to default when nothing matches', async () => {
    const result = await runNode(switchNode, { value: 'pending', cases });
    expect(result).toMatchObject({ port: 'default', output: { value: 'pending', port: 'default' } });
  });

  it('goes to default when there are no cases', async () => {
    expect((await runNode(switchNode, { value: 1, cases: [] })).port).toBe('default');
  });

  it('compares strings exactly', async () => {
    expect((await runNode(switchNode, { value: 'Won', cases: [{ port: 'won', equals: 'won' }] })).port).toBe('default');
  });

  it('rejects a case without a port name', async () => {
    await expect(runNode(switchNode, { value: 1, cases: [{ equals: 1 }] })).rejects.toBeInstanceOf(InputError);
  });

  it('declares its case names and default as ports', () => {
    expect(switchNode.ports({ cases })).toEqual(['won', 'lost', 'also-won', 'default']);
    expect(switchNode.ports({})).toEqual(['default']);
  });
});
