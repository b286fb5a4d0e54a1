import type { Problem } from '../../api/types';
import { dict } from '../../lib/dict';

export interface ProblemIndex {
  byNode: Record<string, Problem[]>;
  general: Problem[];
  total: number;
}

/** Groups the server's problems by node; duplicates (same node, field, message) count once. */
export function indexProblems(...lists: Problem[][]): ProblemIndex {
  const byNode = dict<Problem[]>();
  const general: Problem[] = [];
  const seen = new Set<string>();
  for (const problem of lists.flat()) {
    const key = `${problem.nodeId ?? ''}|${problem.field ?? ''}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (problem.nodeId) (byNode[problem.nodeId] ??= []).push(problem);
    else general.push(problem);
  }
  return { byNode, general, total: seen.size };
}

/** The problems of one param: its own field, or a path inside it ("items.0.price" belongs to "items"). */
export function fieldProblems(problems: readonly Problem[] | undefined, param: string): Problem[] {
  if (!problems) return [];
  return problems.filter((p) => p.field === param || p.field?.startsWith(`${param}.`) || p.field === `params.${param}`);
}

/** Problems of a node that no rendered field shows (edges, type, cycles, unknown params). */
export function nodeLevelProblems(problems: readonly Problem[] | undefined, params: readonly string[]): Problem[] {
  if (!problems) return [];
  return problems.filter((p) => !p.field || !params.some((name) => p.field === name || p.field!.startsWith(`${name}.`)));
}
