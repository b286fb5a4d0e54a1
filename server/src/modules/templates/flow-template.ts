import type { FlowGraph } from '@flowbridge/nodes/sdk';

export interface TemplateParam {
  label: string;
  kind: 'connection' | 'text' | 'number';
  /** For connection params: which connector the connection must belong to. */
  connector?: string;
  required?: boolean;
  default?: string | number;
  description?: string;
}

/** A ready-made scenario: a few params (connections, stage ids) in, one or more draft flows out. */
export interface FlowTemplate {
  id: string;
  title: string;
  description: string;
  /** Connectors the flows use; they must be enabled before the flows can be published. */
  connectors: string[];
  params: Record<string, TemplateParam>;
  flows(params: Record<string, string | number>, unique: string): { name: string; graph: FlowGraph }[];
}
