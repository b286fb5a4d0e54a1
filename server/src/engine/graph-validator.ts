import { Injectable } from '@nestjs/common';
import { parseGraphSteps, runInSlices, DRAFT_TOLERATED_PROBLEMS, validateGraphSteps, type FlowGraph, type GraphProblem } from '@flowbridge/nodes/sdk';
import { NodeCatalog } from './node-catalog';
import { Sandbox } from './sandbox/sandbox';
import { CalendarStore } from './calendars/calendar-store';

export interface GraphCheck {
  graph?: FlowGraph;
  /** Problems that make the graph unusable even as a draft (shape, unknown types, cycles, bad syntax). */
  errors: GraphProblem[];
  /** Problems a draft may have while it is being drawn; publishing refuses them. */
  incomplete: GraphProblem[];
}


@Injectable()
export class GraphValidator {
  constructor(private readonly catalog: NodeCatalog, private readonly sandbox: Sandbox, private readonly calendars: CalendarStore) {}

  /** Sliced: a graph at the size limits takes a few hundred ms of work, never in one piece. */
  async check(input: unknown): Promise<GraphCheck> {
    const { graph, problems } = await runInSlices(parseGraphSteps(input));
    if (!graph) return { errors: problems, incomplete: [] };
    const all = await runInSlices(validateGraphSteps(graph, {
      lookup: (type, version) => this.catalog.get(type, version),
      checkExpression: (expression) => this.sandbox.checkSyntax(expression),
      unavailable: (node, params) => this.catalog.unavailableUse(node, params),
    }));
    // A draft may name a calendar an admin has yet to create; publishing waits for it.
    const calendar = graph.settings?.calendar;
    if (calendar && !(await this.calendars.exists(calendar))) all.push({ field: 'settings.calendar', message: `Unknown production calendar '${calendar}'`, code: 'unknownCalendar', params: { calendar } });
    // A draft always saves: only what could not be drawn again is refused; the rest waits for publish.
    const tolerated = (p: GraphProblem) => !!p.code && DRAFT_TOLERATED_PROBLEMS.has(p.code);
    return { graph, errors: all.filter((p) => !tolerated(p)), incomplete: all.filter(tolerated) };
  }
}
