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

/** A param value the template cannot build its flows from; the API answers it as a bad request naming the param. */
export class TemplateParamError extends Error {
  constructor(message: string, readonly param: string) {
    super(message);
    this.name = 'TemplateParamError';
  }
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
  /**
   * `lang` is the analyst's language when they asked for one: texts the flows send to people
   * (notifications, e-mails, task titles) are written in it; English otherwise.
   */
  flows(params: Record<string, string | number>, unique: string, lang?: TranslatedLanguage): { name: string; graph: FlowGraph }[];
  /** Data tables the flows write to, created when the template is used unless a table of that name exists. */
  tables?(params: Record<string, string | number>): TemplateTable[];
}

export interface TemplateTable {
  name: string;
  description: string;
  columns: { name: string; type: 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'json'; required: boolean }[];
  key: string[];
  indexed: string[];
  report?: Record<string, string>;
}
