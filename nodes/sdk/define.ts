import { z } from 'zod';
import type { Field, ParamsOf } from './fields';
import type { IncomingRequest, NodeContext, TriggerContext } from './context';
import type { Outcome } from './outcome';

export type NodeKind = 'trigger' | 'condition' | 'action' | 'expression' | 'wait' | 'loop';
// `any` here keeps each field's literal `required` from being widened by the contextual type.
export type FieldMap = Record<string, Field<any, any>>;
export type RawParams = Record<string, unknown>;

/**
 * Ports named by the items of a list param (a switch's cases), followed by fixed ones. Declared as
 * data, not code, so the editor draws them from the catalogue without knowing the node.
 */
export interface DynamicPorts {
  /** The list param, e.g. `cases`. */
  fromList: string;
  /** The field of each item that names its port, e.g. `port`. */
  nameField: string;
  /** Ports after the named ones, e.g. `['default']`. */
  then: readonly string[];
}

/** The ports a list param's items name, in order, without blanks or repeats. */
export function portsFromList(spec: DynamicPorts, params: RawParams): string[] {
  const list = Object.hasOwn(params, spec.fromList) ? params[spec.fromList] : undefined;
  const names = (Array.isArray(list) ? list : []).map((item) => {
    const name = item && typeof item === 'object' && Object.hasOwn(item, spec.nameField) ? (item as Record<string, unknown>)[spec.nameField] : undefined;
    return typeof name === 'string' ? name.trim() : '';
  }).filter(Boolean);
  return [...new Set([...names, ...spec.then])];
}

const isDynamic = (ports: readonly string[] | DynamicPorts | undefined): ports is DynamicPorts => !!ports && 'fromList' in ports;

interface BaseDefinition<S extends FieldMap> {
  /** Stable type name used in flow JSON, e.g. `core.if` or `kommo.updateLead`. */
  type: string;
  title: string;
  category: string;
  description?: string;
  icon?: string;
  params: S;
  /** Output ports, or ports named by a list param's items (switch cases). Default `['out']`. */
  ports?: readonly string[] | DynamicPorts;
  /** Example output, for editor autocomplete before the node has ever run. */
  sampleOutput?: unknown;
  /** Set by defineConnector: the node is hidden and refused while its connector is disabled. */
  connector?: string;
  /**
   * Bumped (from 1) when a change would alter how an existing flow runs. Flows store the version
   * each node was placed with; keep the old definition in the registry's `previousNodeVersions` so
   * published flows keep running exactly as they were published.
   */
  version?: number;
  /**
   * false: the node may not sit inside a loop's body. Its links or answers are per run and node
   * (a form, an approval, the webhook's answer), so one per item would not tell the items apart.
   */
  inLoops?: boolean;
}

export interface ActionDefinition<S extends FieldMap> extends BaseDefinition<S> {
  kind: Exclude<NodeKind, 'trigger'>;
  /** Actions may expose an `error` port: when wired, failures route there instead of failing the run. */
  errorPort?: boolean;
  /**
   * false for an action that only reads or decides (get a deal, fail the run): a test run of the
   * draft does not ask before running it for real. Actions change things unless they say so.
   */
  sideEffects?: boolean;
  run(ctx: NodeContext, params: ParamsOf<S>): Promise<unknown | Outcome> | unknown | Outcome;
}

export interface TriggerResult {
  output: unknown;
  /** Provider event id; a repeat with the same key starts nothing. Overridden by the node's `dedupeKey` param. */
  dedupeKey?: string;
  businessKey?: string;
  /**
   * A business event this delivery represents (e.g. `payment.succeeded` keyed by invoice id).
   * The engine records it and resumes runs waiting for that type and key (core.waitForEvent).
   */
  event?: { type: string; key: string; data?: unknown };
}

export type TriggerResults = TriggerResult | TriggerResult[] | null;

/** What one poll found: a result per change, oldest first, and where to go on from. */
export interface PollResult {
  results: TriggerResult[];
  cursor: unknown;
}

/**
 * What a trigger's second phase decides: the run's trigger output, or that the delivery does not
 * concern the flow after all.
 * - `ignore`: something happened that a person may want to see (e.g. the deal was deleted). The
 *   run ends succeeded, its trigger step `skipped` with `{ ignored: <reason> }` as output and every
 *   other node skipped.
 * - `discard`: the delivery was no event for this flow, only found out once the entity was re-read
 *   (a change trigger saw nothing change, or not the change it waits for). The run leaves the run
 *   log as if `receive` had filtered the delivery out; the reason goes to the log only.
 */
export type TriggerLoadResult =
  | { output: unknown; businessKey?: string; event?: TriggerResult['event'] }
  | { ignore: string }
  | { discard: string };

/** Every run a delivery asks for, whichever shape the trigger returned. */
export function triggerResultList(results: TriggerResults): TriggerResult[] {
  if (!results) return [];
  return Array.isArray(results) ? results : [results];
}

export interface TriggerDefinition<S extends FieldMap> extends BaseDefinition<S> {
  kind: 'trigger';
  /** How runs start: a request on the flow's hook path, a manual press, a schedule, an event, or polling a remote system. */
  source: 'webhook' | 'manual' | 'schedule' | 'event' | 'poll';
  /** Event types this trigger emits, listed in the catalogue so the editor can offer them to waits. */
  emits?: readonly string[];
  /** The hook path this trigger listens on, from its params (webhook sources only). */
  hookPath?(params: RawParams): string | undefined;
  /**
   * Turns a hook request into the run's trigger output. Throw AuthError to answer 401,
   * InputError to answer 400; return null (or []) to acknowledge and start nothing (filtered out);
   * return several results when one delivery carries several events (a batch): one run each.
   */
  receive?(request: IncomingRequest, params: ParamsOf<S>, ctx: TriggerContext): Promise<TriggerResults> | TriggerResults;
  /**
   * Polling sources: asks the remote system what changed since `cursor` (undefined the first time)
   * and answers one result per change plus the cursor to ask from next time. The engine calls it
   * every `pollEveryMs` for each published flow using the trigger, starts the runs and stores the
   * new cursor in one transaction, so a change is delivered once even across crashes; give each
   * result a `dedupeKey` (the change's id) so a poll repeated after a crash starts nothing twice.
   * Throw like an action: retryable errors poll again later, others are logged on the flow.
   */
  poll?(ctx: TriggerContext, params: ParamsOf<S>, cursor: unknown): Promise<PollResult>;
  /** How often to poll (default one minute, at least 5 seconds). */
  pollEveryMs?: number;
  /**
   * The second phase, for triggers whose delivery is not the whole story (an event that carries
   * only a deal id). Intake stores what `receive` returned and answers at once; the engine then
   * calls `load` in the run's first job with `output` being that stored output, and retries it
   * durably like an action (RemoteError 5xx, network faults, 429). `receive` must then make no
   * remote calls: a slow or absent remote must never cost a delivery.
   */
  load?(ctx: TriggerContext, output: unknown, params: ParamsOf<S>): Promise<TriggerLoadResult> | TriggerLoadResult;
}

export type NodeDefinition<S extends FieldMap = FieldMap> = ActionDefinition<S> | TriggerDefinition<S>;

export interface CompiledNode<S extends FieldMap = FieldMap> {
  readonly definition: NodeDefinition<S>;
  readonly type: string;
  readonly kind: NodeKind;
  readonly version: number;
  /** Validates resolved params (expressions already evaluated). */
  readonly paramsSchema: z.ZodType<ParamsOf<S>>;
  ports(params: RawParams): string[];
  readonly errorPort: boolean;
  readonly inLoops: boolean;
}

function compile<S extends FieldMap>(definition: NodeDefinition<S>): CompiledNode<S> {
  const shape = Object.fromEntries(
    Object.entries(definition.params).map(([name, field]) => [
      name,
      field.required || field.defaultValue !== undefined ? field.schema : field.schema.optional(),
    ]),
  );
  const ports = definition.ports;
  return {
    definition,
    type: definition.type,
    kind: definition.kind,
    version: definition.version ?? 1,
    paramsSchema: withConditionalRequirements(z.object(shape).passthrough(), definition.params) as unknown as z.ZodType<ParamsOf<S>>,
    ports: (params) => (isDynamic(ports) ? portsFromList(ports, params) : [...(ports ?? ['out'])]),
    // A loop fails when one of its items fails (unless told to go on): that failure may be routed too.
    errorPort: definition.kind === 'action' || definition.kind === 'loop' ? (definition as ActionDefinition<S>).errorPort !== false : false,
    inLoops: definition.inLoops !== false,
  };
}

export function defineNode<S extends FieldMap>(definition: ActionDefinition<S>): CompiledNode<S> {
  return compile(definition);
}

export function defineTrigger<S extends FieldMap>(definition: Omit<TriggerDefinition<S>, 'kind'>): CompiledNode<S> {
  return compile({ ...definition, kind: 'trigger' } as TriggerDefinition<S>);
}

export type AnyNode = CompiledNode<any>;

export function isTrigger(node: AnyNode): node is AnyNode & { definition: TriggerDefinition<FieldMap> } {
  return node.kind === 'trigger';
}

/**
 * The connectors a node uses with these params: its own, and those of its connection fields in
 * use (set, and wanted by the param they depend on). core.notify uses Bitrix24 or Kommo only on
 * the channels that send through them.
 */
export function connectorsInUse(node: AnyNode, params: unknown): { connector: string; field?: string }[] {
  const used: { connector: string; field?: string }[] = [];
  if (node.definition.connector) used.push({ connector: node.definition.connector });
  const fields = connectionFieldsOf(node);
  if (!fields.length) return used;
  const values = params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  const value = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);
  for (const [name, field] of fields) {
    if (!field.ui.connector) continue;
    const set = value(name) !== undefined && value(name) !== null && value(name) !== '';
    const wanted = !field.ui.requiredWhen || value(field.ui.requiredWhen.param) === field.ui.requiredWhen.equals;
    if (set && wanted) used.push({ connector: field.ui.connector, field: name });
  }
  return used;
}

const connectionFields = new WeakMap<AnyNode, [string, FieldMap[string]][]>();

/** Asked before every step: worked out once per definition (most have no connection field but their own). */
function connectionFieldsOf(node: AnyNode): [string, FieldMap[string]][] {
  let fields = connectionFields.get(node);
  if (!fields) connectionFields.set(node, (fields = Object.entries(node.definition.params as FieldMap).filter(([, field]) => field.ui.widget === 'connection')));
  return fields;
}

/** Fields required while another param has a value fail at run time too, not only in the editor. */
function withConditionalRequirements(schema: z.ZodObject, fields: FieldMap): z.ZodType {
  const conditional = Object.entries(fields).filter(([, field]) => field.ui.requiredWhen);
  if (!conditional.length) return schema;
  return schema.superRefine((value, ctx) => {
    const params = value as Record<string, unknown>;
    for (const [name, field] of conditional) {
      const { param, equals } = field.ui.requiredWhen!;
      const present = params[name] !== undefined && params[name] !== null && params[name] !== '';
      if (params[param] === equals && !present) ctx.addIssue({ code: 'custom', path: [name], message: `required when '${param}' is ${String(equals)}` });
    }
  });
}

/** The catalogue entry the editor draws palettes and forms from. */
export interface NodeDescription {
  type: string;
  version: number;
  kind: NodeKind;
  title: string;
  category: string;
  description?: string;
  icon?: string;
  connector?: string;
  inputSchema: Record<string, unknown>;
  ports: string[] | 'dynamic';
  /** How to name the ports when `ports` is 'dynamic'. */
  dynamicPorts?: DynamicPorts;
  errorPort: boolean;
  /** Running it changes something outside Flowbridge (creates an invoice, sends a message). */
  sideEffects: boolean;
  sampleOutput?: unknown;
}

export function describeNode(node: AnyNode): NodeDescription {
  const d = node.definition;
  const shape = Object.fromEntries(Object.entries(d.params as FieldMap).map(([k, f]) => [k, f.schema]));
  const required = Object.entries(d.params as FieldMap).filter(([, f]) => f.required).map(([k]) => k);
  const inputSchema = z.toJSONSchema(z.object(shape), { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  inputSchema.required = required;
  // zod drops `default` from preprocessed fields (numbers, booleans); the form still needs it to prefill.
  const properties = inputSchema.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, field] of Object.entries(d.params as FieldMap)) {
    if (field.defaultValue !== undefined && properties?.[name]) properties[name].default = field.defaultValue;
  }
  return {
    type: d.type,
    version: node.version,
    kind: d.kind,
    title: d.title,
    category: d.category,
    description: d.description,
    icon: d.icon,
    connector: d.connector,
    inputSchema,
    ports: isDynamic(d.ports) ? 'dynamic' : [...(d.ports ?? ['out'])],
    ...(isDynamic(d.ports) ? { dynamicPorts: d.ports } : {}),
    errorPort: node.errorPort,
    sideEffects: d.kind === 'action' && (d as ActionDefinition<FieldMap>).sideEffects !== false,
    sampleOutput: d.sampleOutput,
  };
}
