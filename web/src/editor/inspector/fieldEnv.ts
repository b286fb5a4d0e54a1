import { createContext, useContext } from 'react';
import type { Problem } from '../../api/types';
import type { ExpressionScope, Suggestion } from '../graph/scope';

export interface FieldEnv {
  nodeId: string;
  /** The node's type: catalogue texts (labels, options…) are translated by type and param name. */
  nodeType: string;
  readOnly: boolean;
  /** All params of the node (dynamic selects send them to the options loader). */
  params: Record<string, unknown>;
  scope: ExpressionScope;
  suggestions: Suggestion[];
  canPreview: boolean;
  /** The node's validation problems; each field shows its own. */
  problems: Problem[];
}

export const FieldEnvContext = createContext<FieldEnv | null>(null);

export function useFieldEnv(): FieldEnv {
  const env = useContext(FieldEnvContext);
  if (!env) throw new Error('useFieldEnv outside an inspector form');
  return env;
}
