import { defineNode } from '../../../sdk';
import { connectAspro, orMissing } from '../api';
import { asproProps, fieldName, parseId } from '../props';
import { sampleCustomer } from '../samples';

export const asproGetCustomer = defineNode({
  type: 'aspro.getCustomer',
  kind: 'action',
  title: 'Get customer',
  category: 'Billing',
  connector: 'aspro',
  sideEffects: false,
  description: 'Reads the Aspro.Cloud CRM account an invoice bills: name, contacts, custom fields and, from the field you name, when its subscription ends.',
  params: {
    connection: asproProps.connection(),
    customerId: asproProps.customerId(true),
    subscriptionEndField: asproProps.subscriptionEndField(),
  },
  sampleOutput: sampleCustomer,
  async run(ctx, params) {
    const id = parseId(params.customerId, 'customerId');
    const subscriptionEndField = fieldName(params.subscriptionEndField, 'subscriptionEndField');
    const aspro = await connectAspro(ctx, params.connection);
    return orMissing(aspro.getCustomer(id, { subscriptionEndField }), `Customer ${id}`, 'customerId');
  },
});
