import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { own, type TranslatedLanguage } from '@flowbridge/nodes/sdk';
import { isTranslatedLanguage } from '@flowbridge/nodes';
import { BadRequestError, NotFoundError } from '../../common/errors';
import { ConnectionsService } from '../connections/connections.service';
import { FlowsService, type FlowView } from '../flows/flows.service';
import { flowTemplates } from './catalog';
import { TemplateParamError, type FlowTemplate } from './flow-template';
import { TableStore } from '../../engine/tables/table-store';
import { TableError } from '../../engine/tables/table-values';

@Injectable()
export class TemplatesService {
  constructor(private readonly flows: FlowsService, private readonly connections: ConnectionsService, private readonly tables: TableStore) {}

  list() {
    return flowTemplates.map(({ flows: _flows, tables: _tables, ...rest }) => rest);
  }

  private template(id: string): FlowTemplate {
    const template = flowTemplates.find((t) => t.id === id);
    if (!template) throw new NotFoundError('Template', id);
    return template;
  }

  /** Creates the template's flows as drafts (and publishes them when asked). */
  async instantiate(id: string, input: Record<string, unknown>, publish: boolean, lang?: string): Promise<{ flows: (FlowView & { publishedVersion: number | null })[] }> {
    const template = this.template(id);
    const params: Record<string, string | number> = {};
    for (const [name, spec] of Object.entries(template.params)) {
      const raw = own(input, name) ?? spec.default;
      if (raw === undefined || raw === null || raw === '') {
        if (spec.required) throw new BadRequestError(`Missing template param '${spec.label}' (params.${name})`, { field: `params.${name}` });
        continue;
      }
      if (spec.kind === 'number' && !Number.isFinite(Number(raw))) throw new BadRequestError(`Template param '${name}' must be a number`, { field: `params.${name}` });
      if (spec.kind === 'connection') {
        const connection = await this.connections.get(String(raw)).catch(() => undefined);
        if (!connection || connection.connector !== spec.connector) {
          throw new BadRequestError(`Template param '${name}' must be the id of a ${spec.connector} connection`, { field: `params.${name}` });
        }
      }
      params[name] = spec.kind === 'number' ? Number(raw) : String(raw);
    }
    const unique = randomBytes(8).toString('hex');
    const created = [];
    // Flows and nodes are named in the analyst's language; ids, params and expressions stay as they are.
    const language = lang && isTranslatedLanguage(lang) ? lang : undefined;
    const names = language ? template.texts[language].names : undefined;
    const named = (name: string | undefined) => (name !== undefined && names && Object.hasOwn(names, name) ? names[name] : name);
    const drawn = drawFlows(template, params, unique, language);
    for (const table of template.tables?.(params) ?? []) await this.ensureTable(table);
    for (const flow of drawn) {
      const graph = names ? { ...flow.graph, nodes: flow.graph.nodes.map((n) => (n.name === undefined ? n : { ...n, name: named(n.name) })) } : flow.graph;
      const view = await this.flows.create(named(flow.name)!, graph);
      const version = publish ? (await this.flows.publish(view.id)).version : null;
      created.push({ ...view, publishedVersion: version });
    }
    return { flows: created };
  }

  /** A table of that name is kept as it is: it may hold rows already, from an earlier use of the template. */
  private async ensureTable(table: NonNullable<ReturnType<NonNullable<FlowTemplate['tables']>>>[number]): Promise<void> {
    try {
      await this.tables.get(table.name);
    } catch (error) {
      if (!(error instanceof TableError) || error.kind !== 'not_found') throw error;
      await this.tables.create({ ...table, report: table.report ?? null }).catch((raced: unknown) => {
        if (!(raced instanceof TableError) || raced.kind !== 'conflict') throw raced;
      });
    }
  }
}

function drawFlows(template: FlowTemplate, params: Record<string, string | number>, unique: string, lang: TranslatedLanguage | undefined) {
  try {
    return template.flows(params, unique, lang);
  } catch (error) {
    if (error instanceof TemplateParamError) throw new BadRequestError(error.message, { field: `params.${error.param}` });
    throw error;
  }
}
