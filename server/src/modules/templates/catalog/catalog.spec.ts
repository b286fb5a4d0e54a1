import { Script } from 'node:vm';
import { nodesByType, TRANSLATED_LANGUAGES, validateGraph } from '@flowbridge/nodes';
import { flowTemplates } from '.';

/** Values that pass each param's kind: a connection id, a number, a text; a param's default where it has one (a field code, a rule). */
function sampleParams(params: (typeof flowTemplates)[number]['params']): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([name, spec]) => [name, spec.default ?? (spec.kind === 'number' ? 7 : spec.kind === 'connection' ? '00000000-0000-4000-8000-000000000001' : `text-${name}`)]));
}

describe.each(flowTemplates.map((t) => [t.id, t] as const))('template %s', (_id, template) => {
  const flows = template.flows(sampleParams(template.params), 'abc123');

  it('draws valid flows from the connectors it names', () => {
    for (const flow of flows) {
      const problems = validateGraph(flow.graph, { lookup: (type) => nodesByType.get(type), checkExpression: () => null });
      expect(problems).toEqual([]);
      for (const node of flow.graph.nodes) {
        const connector = nodesByType.get(node.type)?.definition.connector;
        if (connector) expect(template.connectors).toContain(connector);
      }
    }
  });

  it.each([undefined, ...TRANSLATED_LANGUAGES])('writes what its flows tell people in %s with expressions that compile', (lang) => {
    // Compiled, not run: a syntax slip in a message would otherwise surface only when publishing.
    const syntax = (expression: string) => {
      try {
        new Script(`(${expression})`);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const flow of template.flows(sampleParams(template.params), 'abc123', lang)) {
      expect(validateGraph(flow.graph, { lookup: (type) => nodesByType.get(type), checkExpression: syntax })).toEqual([]);
    }
  });

  it.each(TRANSLATED_LANGUAGES)('speaks %s: title, description, every param and every flow and node name', (lang) => {
    const texts = template.texts[lang];
    expect(texts.title).not.toBe(template.title);
    expect(texts.description).not.toBe(template.description);
    expect(Object.keys(texts.params).sort()).toEqual(Object.keys(template.params).sort());
    for (const [name, spec] of Object.entries(template.params)) {
      expect(texts.params[name].label).not.toBe(spec.label);
      if (spec.description) expect(texts.params[name].description).toBeTruthy();
    }
    const names = flows.flatMap((f) => [f.name, ...f.graph.nodes.map((n) => n.name).filter((n): n is string => !!n)]);
    expect(names.filter((n) => !Object.hasOwn(texts.names, n))).toEqual([]);
  });
});
