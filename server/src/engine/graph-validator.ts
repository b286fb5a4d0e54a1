import { Injectable } from '@nestjs/common';
import { parseGraph, validateGraph, type FlowGraph, type GraphProblem } from '@flowbridge/nodes/sdk';
import { NodeCatalog } from './node-catalog';
import { Sandbox } from './sandbox/sandbox';

export interface GraphCheck {
  graph?: FlowGraph;
  /** Problems that make the graph unusable even as a draft (shape, unknown types, cycles, bad syntax). */
  errors: GraphProblem[];
  /** Problems a draft may have while it is being drawn; publishing refuses them. */
  incomplete: GraphProblem[];
}

const DRAFT_TOLERATED = [/^Missing required param/, /^The flow has no trigger/, /^Connector '.*' is disabled/];

@Injectable()
export class GraphValidator {
  constructor(private readonly catalog: NodeCatalog, private readonly sandbox: Sandbox) {}

  check(input: unknown): GraphCheck {
    const { graph, problems } = parseGraph(input);
    if (!graph) return { errors: problems, incomplete: [] };
    const all = validateGraph(graph, {
      lookup: (type) => this.catalog.get(type),
      checkExpression: (expression) => this.sandbox.checkSyntax(expression),
      unavailable: (node) => this.catalog.unavailableReason(node),
    });
    const tolerated = (p: GraphProblem) => DRAFT_TOLERATED.some((re) => re.test(p.message));
    return { graph, errors: all.filter((p) => !tolerated(p)), incomplete: all.filter(tolerated) };
  }
}
