import { runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24ListElements } from './list-elements';

describe('bitrix24.listElements', () => {
  let sim: Bitrix24Simulator;
  const read = (params: Record<string, unknown>) => runNode(bitrix24ListElements, { connection: 'b24', listId: '41', ...params }, nodeContext(sim));

  beforeAll(async () => {
    sim = await startBitrix24();
    sim.addList(41, 'Objects', 130);
  });
  afterAll(() => sim.stop());
  beforeEach(() => (sim.calls.length = 0));

  it('reads every item of a reference list, 50 per call', async () => {
    const { output } = await read({});

    expect(output).toMatchObject({ count: 130, truncated: false });
    expect(sim.calls.map((c) => c.params)).toEqual([0, 50, 100].map((start) => ({ IBLOCK_TYPE_ID: 'lists', IBLOCK_ID: 41, FILTER: {}, ELEMENT_ORDER: { ID: 'ASC' }, start })));
  });

  it('passes a filter on and returns the matching item with its properties', async () => {
    const { output } = await read({ filter: { NAME: 'Element 12' } });

    expect(output).toEqual({ items: [expect.objectContaining({ NAME: 'Element 12', PROPERTY_118: { '3411': '12000' } })], count: 1, truncated: false });
  });

  it('stops at the item bound and says so', async () => {
    const { output } = await read({ maxItems: 50 });

    expect(output).toMatchObject({ count: 50, truncated: true });
    expect(sim.calls).toHaveLength(1);
  });
});
