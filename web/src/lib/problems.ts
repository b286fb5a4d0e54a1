import type { Problem } from '../api/types';
import i18n from '../i18n';
import { catalogTextFor } from '../i18n/catalog';

const PATTERNS: [RegExp, string, (m: RegExpExecArray, nodeType?: string) => Record<string, string>][] = [
  [/^Missing required param '(.+)' \((.+)\)$/, 'problems.missingParam', (m, nodeType) => ({
    label: nodeType ? catalogTextFor(i18n.resolvedLanguage).param(nodeType, m[2], 'label', m[1]) : m[1],
  })],
  [/^The flow has no trigger/, 'problems.noTrigger', () => ({})],
  [/^Connector '(.+)' is disabled/, 'problems.connectorDisabled', (m) => ({ connector: m[1] })],
  [/^Cycle: (.+)$/, 'problems.cycle', (m) => ({ path: m[1] })],
  [/^Trigger '(.+)' cannot have incoming edges/, 'problems.triggerInput', (m) => ({ node: m[1] })],
  [/^Unknown port '(.+)' on '(.+)'/, 'problems.unknownPort', (m) => ({ port: m[1], node: m[2] })],
  [/^Unknown node type '(.+)'/, 'problems.unknownType', (m) => ({ type: m[1] })],
  [/^Unknown param '(.+)' for/, 'problems.unknownParam', (m) => ({ param: m[1] })],
  [/^Bad expression in '(.+?)': (.+)$/, 'problems.badExpression', (m) => ({ where: m[1], reason: m[2] })],
  [/^Hook path '(.+)' is (already used|used twice)/, 'problems.hookPathTaken', (m) => ({ path: m[1] })],
];

/**
 * The server's validation message in the UI language when it is one of the known shapes. With the
 * node's type, a param's label in it is translated too.
 */
export function localizeProblem(problem: Pick<Problem, 'message'>, nodeType?: string): string {
  for (const [re, key, vars] of PATTERNS) {
    const m = re.exec(problem.message);
    if (m) return i18n.t(key, vars(m, nodeType));
  }
  return problem.message;
}
