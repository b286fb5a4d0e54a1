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
 * The server's validation problem in the UI language: by its code and params when it has them
 * (a param's label translated with the node's type), else by the known English shapes.
 */
export function localizeProblem(problem: Pick<Problem, 'message' | 'code' | 'params'>, nodeType?: string): string {
  if (problem.code && i18n.exists(`problems.${problem.code}`)) {
    const params: Record<string, string | number> = { ...problem.params };
    const text = catalogTextFor(i18n.resolvedLanguage);
    if (nodeType && typeof params.param === 'string' && typeof params.label === 'string') params.label = text.param(nodeType, params.param, 'label', params.label);
    if (nodeType && typeof params.other === 'string' && typeof params.otherLabel === 'string') params.otherLabel = text.param(nodeType, params.other, 'label', params.otherLabel);
    if (typeof params.type === 'string') params.title = text.nodeTitle(params.type, params.type);
    const expected = typeof params.expected === 'string' ? `problems.expected.${params.expected}` : '';
    params.expectedText = expected && i18n.exists(expected) ? i18n.t(expected) : '';
    return i18n.t(`problems.${problem.code}`, params);
  }
  for (const [re, key, vars] of PATTERNS) {
    const m = re.exec(problem.message);
    if (m) return i18n.t(key, vars(m, nodeType));
  }
  return problem.message;
}
