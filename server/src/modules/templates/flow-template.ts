import type { FlowGraph, TranslatedLanguage } from '@flowbridge/nodes/sdk';

export interface TemplateParam {
  label: string;
  kind: 'connection' | 'text' | 'number';
  /** For connection params: which connector the connection must belong to. */
  connector?: string;
  required?: boolean;
  default?: string | number;
  description?: string;
}

/** A template in one language besides English: what the gallery shows, and the names its flows and nodes get. */
export interface TemplateTexts {
  title: string;
  description: string;
  params: Record<string, { label: string; description?: string }>;
  /** English flow or node name → its name in this language, applied when the flows are created in it. */
  names: Record<string, string>;
}

/** A ready-made scenario: a few params (connections, stage ids) in, one or more draft flows out. */
export interface FlowTemplate {
  id: string;
  title: string;
  description: string;
  /** Connectors the flows use; they must be enabled before the flows can be published. */
  connectors: string[];
  params: Record<string, TemplateParam>;
  texts: Record<TranslatedLanguage, TemplateTexts>;
  flows(params: Record<string, string | number>, unique: string): { name: string; graph: FlowGraph }[];
}
