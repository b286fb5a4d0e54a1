import type { FlowTemplate } from '../flow-template';

/** Every template offered by GET /api/templates. */
export const flowTemplates: FlowTemplate[] = [];
