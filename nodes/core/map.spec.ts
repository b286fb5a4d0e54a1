import { InputError, runNode } from '../sdk';
import { mapNode } from './map';

describe('core.map', () => {
  it('outputs the resolved fields as they are', async () => {
    const fields = { total: 180, name: 'Acme', lines: [{ sku: 'A' }], paid: false, note: null };
    const result = await runNode(mapNode, { fields });
    expect(result.port).toBe('out');
    expect(result.output).toEqual(fields);
  });

  it('outputs an empty object for no fields', async () => {
    expect((await runNode(mapNode, { fields: {} })).output).toEqual({});
  });

  it('requires fields to be an object', async () => {
    await expect(runNode(mapNode, { fields: ['a'] })).rejects.toBeInstanceOf(InputError);
    await expect(runNode(mapNode, {})).rejects.toMatchObject({ field: 'fields' });
  });
});
