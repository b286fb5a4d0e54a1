import type { FlowTemplate } from '../flow-template';
import { dealInvoicePaymentTemplate } from './deal-invoice-payment';
import { dealReferenceListTemplate } from './bitrix24/deal-reference-list';
import { dealStageRoutingTemplate } from './bitrix24/deal-stage-routing';
import { invoiceEmailClientTemplate } from './bitrix24/invoice-email-client';
import { invoiceStatusLeadTemplate } from './bitrix24/invoice-status-lead';
import { lastTaskAccountantTemplate } from './bitrix24/last-task-accountant';
import { newInvoiceHeadTemplate } from './bitrix24/new-invoice-head';
import { paidCommissionTemplate } from './bitrix24/paid-commission';
import { paidProductTasksTemplate } from './bitrix24/paid-product-tasks';
import { paymentDateWorkdayTemplate } from './bitrix24/payment-date-workday';
import { taskClosedMeetingTemplate } from './bitrix24/task-closed-meeting';
import { unpaidRemindersTemplate } from './bitrix24/unpaid-reminders';
import { asproPaymentClosingDocsTemplate } from './seeds/aspro-payment-closing-docs';
import { asproRenewalReminderTemplate } from './seeds/aspro-renewal-reminder';
import { asproUnpaidRemindersTemplate } from './seeds/aspro-unpaid-reminders';
import { actExchangeFormTemplate } from './seeds/bitrix24-act-exchange-form';
import { sbisActSigningTemplate } from './seeds/sbis-act-signing';
import { konturPaymentStatusTemplate, konturSalesSyncTemplate } from './seeds/kontur-billing';
import { callRecordsTemplate } from './seeds/call-records';

/** Every template offered by GET /api/templates; the Bitrix24 ones follow seed 003, in its order. */
export const flowTemplates: FlowTemplate[] = [
  dealInvoicePaymentTemplate,
  newInvoiceHeadTemplate,
  invoiceStatusLeadTemplate,
  paidCommissionTemplate,
  paidProductTasksTemplate,
  lastTaskAccountantTemplate,
  invoiceEmailClientTemplate,
  unpaidRemindersTemplate,
  paymentDateWorkdayTemplate,
  taskClosedMeetingTemplate,
  dealReferenceListTemplate,
  dealStageRoutingTemplate,
  actExchangeFormTemplate,
  sbisActSigningTemplate,
  asproPaymentClosingDocsTemplate,
  asproRenewalReminderTemplate,
  asproUnpaidRemindersTemplate,
  konturSalesSyncTemplate,
  konturPaymentStatusTemplate,
  callRecordsTemplate,
];
