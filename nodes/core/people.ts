/**
 * What forms and approvals share with the server that answers them: the event each wait is matched
 * by, and the shape of what a person sends back.
 */
export const FORM_SUBMITTED = 'form.submitted';
export const APPROVAL_DECIDED = 'approval.decided';

/** Forms are matched by flow and key, so a reminder branch can wait for the same answer again. */
export const formEventKey = (flowId: string, formKey: string) => `${flowId}:${formKey}`;
export const approvalEventKey = (runId: string, nodeId: string) => `${runId}:${nodeId}`;

export const FORM_FIELD_TYPES = ['text', 'number', 'select', 'date', 'file'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export interface FormField {
  name: string;
  label: string;
  type?: FormFieldType;
  options?: string;
  required?: boolean;
}

/** Published in the waiting step's output: everything the public page needs, nothing secret. */
export interface FormSpec {
  title: string;
  description?: string;
  key: string;
  fields: FormField[];
}

export type Approver = { email: string } | { role: string };

export interface ApprovalSpec {
  title: string;
  details?: string;
  approvers: Approver[];
  quorum: number;
  veto: boolean;
}

export interface ApprovalAnswer {
  approver: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  answeredAt: string;
}

/** `a@x.ru, role:manager` → approvers; an expression may also give an array of e-mails. */
export function parseApprovers(value: string | string[]): Approver[] {
  const items = (Array.isArray(value) ? value : value.split(/[,;\n]/)).map((item) => String(item).trim()).filter(Boolean);
  return items.map((item) => (/^role:/i.test(item) ? { role: item.slice(5).trim() } : { email: item.toLowerCase() }));
}
