import { z } from 'zod';

/**
 * Field builders. Each field yields the zod schema that validates the param once its expressions
 * are resolved, plus a UI descriptor that travels inside the JSON Schema (`x-ui`) so the editor
 * can draw the form from the catalogue alone.
 */
export type Widget =
  | 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'json' | 'code'
  | 'keyValue' | 'list' | 'connection' | 'date' | 'secret';

export interface FieldUi {
  widget: Widget;
  label: string;
  description?: string;
  placeholder?: string;
  /** false: the value is taken literally, `{{ }}` is not evaluated (paths, code bodies). */
  expressions: boolean;
  options?: { value: string; label: string }[];
  connector?: string;
  itemFields?: Record<string, FieldUi>;
  /** Server-side source for a dynamic select (e.g. pipelines of a connection). */
  optionsSource?: string;
  /** Key-value fields: where the keys may be picked from (a connection's custom fields). */
  keyOptionsSource?: string;
  /** Write-only: stored encrypted, shown to every role only as set or not, left out of exports. */
  secret?: boolean;
  /** Required only while another param has this value (e.g. a return URL once a payment link is on). */
  requiredWhen?: RequiredWhen;
}

export interface RequiredWhen {
  param: string;
  equals: string | number | boolean;
}

export interface Field<T = unknown, R extends boolean = boolean> {
  readonly schema: z.ZodType<T>;
  readonly ui: FieldUi;
  readonly required: R;
  readonly defaultValue?: T;
}

interface Common<T, R extends boolean = boolean> {
  label: string;
  description?: string;
  placeholder?: string;
  required?: R;
  default?: T;
  expressions?: boolean;
  requiredWhen?: RequiredWhen;
}

function field<T, R extends boolean>(schema: z.ZodType<T>, ui: Omit<FieldUi, 'expressions'> & { expressions?: boolean }, opts: Common<T, R>): Field<T, NoInfer<R>> {
  const full: FieldUi = { ...ui, expressions: opts.expressions ?? ui.expressions ?? true, requiredWhen: opts.requiredWhen };
  for (const key of Object.keys(full) as (keyof FieldUi)[]) if (full[key] === undefined) delete full[key];
  let described: z.ZodType<T> = schema.meta({ title: opts.label, description: opts.description, 'x-ui': full }) as z.ZodType<T>;
  if (opts.default !== undefined) described = (described as z.ZodType<T>).default(opts.default as never) as unknown as z.ZodType<T>;
  return { schema: described, ui: full, required: (opts.required ?? false) as R, defaultValue: opts.default };
}

/** Numbers typed into a text box arrive as strings; accept "150" and the decimal comma of ru/es ("12,50"), not "" or "abc". */
const DECIMAL_COMMA = /^\s*-?\d+,\d+\s*$/;
const numeric = z.preprocess(
  (v) => {
    if (typeof v !== 'string' || v.trim() === '') return v;
    const text = DECIMAL_COMMA.test(v) ? v.replace(',', '.') : v;
    return Number.isNaN(Number(text)) ? v : Number(text);
  },
  z.number(),
);

export const f = {
  text: <R extends boolean = false>(o: Common<string, R> & { multiline?: boolean; minLength?: number }) =>
    field(o.minLength ? z.string().min(o.minLength) : z.string(), { widget: o.multiline ? 'textarea' : 'text', label: o.label, description: o.description, placeholder: o.placeholder }, o),

  /**
   * Text, or a list of texts when an expression yields one: recipients typed as `a@x.com, b@y.com`
   * or found upstream as `{{ $steps.dept.emails }}`. The node splits and checks the items.
   */
  textList: <R extends boolean = false>(o: Common<string | string[], R>) =>
    field(z.union([z.string(), z.array(z.string())]) as z.ZodType<string | string[]>, { widget: 'text', label: o.label, description: o.description, placeholder: o.placeholder }, o),

  number: <R extends boolean = false>(o: Common<number, R> & { min?: number; max?: number; integer?: boolean }) => {
    let inner = z.number();
    if (o.integer) inner = inner.int();
    if (o.min !== undefined) inner = inner.min(o.min);
    if (o.max !== undefined) inner = inner.max(o.max);
    const schema = z.preprocess((v) => numeric.safeParse(v).success ? numeric.parse(v) : v, inner) as unknown as z.ZodType<number>;
    return field(schema, { widget: 'number', label: o.label, description: o.description, placeholder: o.placeholder }, o);
  },

  boolean: <R extends boolean = false>(o: Common<boolean, R>) =>
    field(z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()) as unknown as z.ZodType<boolean>,
      { widget: 'boolean', label: o.label, description: o.description }, o),

  select: <const V extends string, R extends boolean = false>(o: Common<V, R> & { options: readonly (V | { value: V; label: string })[] }) => {
    const options = o.options.map((opt) => (typeof opt === 'string' ? { value: opt, label: opt } : opt));
    const values = options.map((opt) => opt.value) as [V, ...V[]];
    return field(z.enum(values) as unknown as z.ZodType<V>, { widget: 'select', label: o.label, description: o.description, options }, o);
  },

  /** A select whose options the server loads from a connection (pipelines, statuses, …). */
  dynamicSelect: <R extends boolean = false>(o: Common<string, R> & { source: string }) =>
    field(z.union([z.string(), z.number()]).transform(String) as unknown as z.ZodType<string>,
      { widget: 'select', label: o.label, description: o.description, optionsSource: o.source }, o),

  /** An identifier that may arrive as a number from an expression (deal id, invoice id); always a string after. */
  key: <R extends boolean = false>(o: Common<string, R>) =>
    field(z.union([z.string().min(1), z.number()]).transform(String) as unknown as z.ZodType<string>,
      { widget: 'text', label: o.label, description: o.description, placeholder: o.placeholder }, o),

  /**
   * A decimal typed by a person or sent by a CRM ("12 500,50", 12500.5): kept as text so money never
   * passes through a float; the node parses it exactly. Empty means not set.
   */
  decimal: <R extends boolean = false>(o: Common<string, R>) =>
    field(z.union([z.string(), z.number()]).transform(String) as unknown as z.ZodType<string>,
      { widget: 'text', label: o.label, description: o.description, placeholder: o.placeholder }, o),

  json: <R extends boolean = false>(o: Common<unknown, R>) =>
    field(z.unknown(), { widget: 'json', label: o.label, description: o.description }, o),

  code: <R extends boolean = false>(o: Common<string, R>) =>
    field(z.string().min(1), { widget: 'code', label: o.label, description: o.description, expressions: false }, { ...o, expressions: false }),

  /**
   * Named values. `keys` restricts what a key may look like (a remote's field ids, not the names a
   * person reads) and names the source the editor offers them from.
   */
  keyValue: <R extends boolean = false>(o: Common<Record<string, unknown>, R> & { keys?: { pattern: RegExp; expected: string; source?: string } }) => {
    const keys = o.keys;
    const schema = keys
      ? z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
        for (const key of Object.keys(value)) {
          if (!keys.pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not ${keys.expected}: pick it from the list` });
        }
      })
      : z.record(z.string(), z.unknown());
    return field(schema as unknown as z.ZodType<Record<string, unknown>>, { widget: 'keyValue', label: o.label, description: o.description, ...(keys?.source ? { keyOptionsSource: keys.source } : {}) }, o);
  },

  date: <R extends boolean = false>(o: Common<string, R>) =>
    field(z.union([z.string().min(1), z.date().transform((d) => d.toISOString())]) as unknown as z.ZodType<string>,
      { widget: 'date', label: o.label, description: o.description }, o),

  /** A webhook secret, a signing key: see `secret-params.ts` for how it is stored and shown. */
  secret: <R extends boolean = false>(o: Omit<Common<string, R>, 'expressions' | 'default'>) =>
    field(z.string().min(1), { widget: 'secret', label: o.label, description: o.description, placeholder: o.placeholder, expressions: false, secret: true }, { ...o, expressions: false }),

  connection: <R extends boolean = false>(o: Omit<Common<string, R>, 'expressions'> & { connector: string }) =>
    field(z.string().min(1), { widget: 'connection', label: o.label, description: o.description, connector: o.connector, expressions: false }, { ...o, expressions: false }),

  list: <S extends Record<string, Field>, R extends boolean = false>(o: Common<ParamsOf<S>[], R> & { of: S }) => {
    const item = z.object(Object.fromEntries(Object.entries(o.of).map(([k, v]) => [k, v.required ? v.schema : v.schema.optional()])));
    const itemFields = Object.fromEntries(Object.entries(o.of).map(([k, v]) => [k, v.ui]));
    return field(z.array(item) as unknown as z.ZodType<ParamsOf<S>[]>, { widget: 'list', label: o.label, description: o.description, itemFields }, o);
  },
};

type Present<S extends Record<string, Field>> = {
  [K in keyof S]: S[K]['required'] extends true ? K : never;
}[keyof S];

/** The resolved params a node's `run` receives; optional fields may be absent even when the form shows a default. */
export type ParamsOf<S extends Record<string, Field>> =
  { [K in Present<S>]: S[K] extends Field<infer T, boolean> ? T : never } &
  { [K in Exclude<keyof S, Present<S>>]?: S[K] extends Field<infer T, boolean> ? T : never };
