import { parse, type Node } from 'acorn';

/**
 * Whether an expression can only run for a time bounded by its own length and the size of the
 * data it reads: no calls, no constructors, no functions, no tagged templates, no assignments.
 * Without a call there is no loop and no recursion, and coercions (`obj + ''`, `a < b`) can only
 * reach the frozen realm's built-ins, because values enter the isolate as copies of data.
 *
 * Such an expression is run synchronously: a hop to isolated-vm's thread and back costs 40–50 µs,
 * the evaluation itself 5–10. Anything else keeps running on isolated-vm's threads. The time limit
 * applies either way, so a wrong answer here costs at most one timeout of event-loop time.
 *
 * The text parsed is the very function body the isolate compiles (bootstrap.ts), so a source that
 * closes the wrapper's parenthesis and adds statements is seen as such.
 */
export function isBoundedExpression(source: string): boolean {
  // HTML-like comments are read differently by parsers in script goal; never worth the doubt.
  if (source.includes('<!--') || source.includes('-->')) return false;
  let program: Node & { body: Node[] };
  try {
    program = parse(`"use strict";\nreturn (\n${source}\n);`, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
    }) as Node & { body: Node[] };
  } catch {
    return false;
  }
  const [directive, statement, ...rest] = program.body;
  if (!directive || directive.type !== 'ExpressionStatement' || !statement || statement.type !== 'ReturnStatement' || rest.length > 0) return false;
  return bounded((statement as unknown as { argument: Node | null }).argument, 0);
}

/** Deeper than this is not a mapping anyone writes by hand; the walk stays off the stack limit. */
const MAX_DEPTH = 64;

function bounded(node: Node | null | undefined, depth: number): boolean {
  if (!node) return true;
  if (depth > MAX_DEPTH) return false;
  const next = depth + 1;
  const n = node as unknown as Record<string, unknown> & Node;
  const child = (key: string) => bounded(n[key] as Node | null, next);
  const all = (key: string) => (n[key] as (Node | null)[]).every((item) => bounded(item, next));
  switch (node.type) {
    case 'Identifier':
      return n.name !== 'eval' && n.name !== 'arguments';
    case 'Literal':
    case 'ThisExpression':
    case 'TemplateElement':
      return true;
    case 'MemberExpression':
      return child('object') && child('property');
    case 'ChainExpression':
      return child('expression');
    case 'UnaryExpression':
      return n.operator !== 'delete' && child('argument');
    case 'BinaryExpression':
    case 'LogicalExpression':
      return child('left') && child('right');
    case 'ConditionalExpression':
      return child('test') && child('consequent') && child('alternate');
    case 'SequenceExpression':
      return all('expressions');
    case 'TemplateLiteral':
      return all('quasis') && all('expressions');
    case 'ArrayExpression':
      return all('elements');
    case 'SpreadElement':
      return child('argument');
    case 'ObjectExpression':
      return all('properties');
    case 'Property':
      return n.kind === 'init' && n.method === false && child('key') && child('value');
    default:
      return false;
  }
}
