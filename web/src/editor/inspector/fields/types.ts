import type { JsonSchemaProperty, UiHints } from '../../../api/types';

export interface WidgetProps {
  name: string;
  ui: UiHints;
  prop?: JsonSchemaProperty;
  value: unknown;
  onChange: (value: unknown) => void;
  invalid: boolean;
  label: string;
}
