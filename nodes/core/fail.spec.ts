import { FlowFailError, InputError, runNode } from '../sdk';
import { failNode } from './fail';

describe('core.fail', () => {
  it('throws a FlowFailError with the message', async () => {
    const error = await runNode(failNode, { message: 'Customer has no VAT id' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FlowFailError);
    expect(error).toMatchObject({ message: 'Customer has no VAT id', kind: 'fail', retryable: false });
  });

  it('requires a message', async () => {
    await expect(runNode(failNode, {})).rejects.toBeInstanceOf(InputError);
  });

  it('has no output ports and no error port', () => {
    expect(failNode.ports({})).toEqual([]);
    expect(failNode.errorPort).toBe(false);
  });
});
