import type { FlowTemplate } from '../flow-template';
import { dealInvoicePaymentTemplate } from './deal-invoice-payment';

/** Every template offered by GET /api/templates. */
export const flowTemplates: FlowTemplate[] = [dealInvoicePaymentTemplate];
