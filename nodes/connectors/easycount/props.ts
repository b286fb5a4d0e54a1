import { f } from '../../sdk';

/** Fields several EasyCount nodes share. */
export const easycountProps = {
  connection: () => f.connection({ label: 'EasyCount connection', connector: 'easycount', required: true }),
  currency: () =>
    f.select({ label: 'Currency', options: ['ILS', 'USD', 'EUR', 'GBP'], default: 'ILS' }),
};
