/**
 * Navigating the sheets' JSON Schemas by data path, for completion and hover: which schema applies
 * at `柱/0/中項目/1/取組項目/0/行/3`, which keys a mapping there may have (in the schema's property
 * order, which is the 様式's column order), which are required, and their Japanese titles.
 *
 * Works on the plain schema values of schemas/ (the same values `compileSchemas` compiled), with
 * `$ref` resolved within a schema and into common.schema.json. `allOf` is merged; `anyOf`/`oneOf`
 * become alternatives (a 文章 is a string or a list of strings). Never throws: an unknown path gives
 * no alternatives.
 */
import type { SheetKind } from './kinds';
import type { SchemaSources } from './schemas';

/** A JSON Schema object (draft-07), as read from schemas/. */
export type JsonSchema = Record<string, unknown>;

/** One alternative of the schema at a path: its own refs resolved, allOf merged (nested refs are absolute). */
export interface SchemaView {
  schema: JsonSchema;
}

/** A key a mapping may have, with the alternatives of its value's schema. */
export interface PropertyInfo {
  name: string;
  /** Required in every alternative of the mapping (anyOf/oneOf-only requirements are not). */
  required: boolean;
  /** The value's schema alternatives (title, description, examples on each). */
  views: SchemaView[];
}

/** A data path: mapping keys and sequence indexes. */
export type Path = readonly (string | number)[];

/** Schema lookups by kind and data path. */
export interface SchemaNavigator {
  /** The schema alternatives at `path` in `kind`'s schema; [] when the path leaves the schema. */
  at(kind: SheetKind, path: Path): SchemaView[];
  /** The child alternatives of `views` under one key or index. */
  child(views: readonly SchemaView[], segment: string | number): SchemaView[];
  /** The keys the mappings among `views` may have, required first is NOT applied: schema order. */
  properties(views: readonly SchemaView[]): PropertyInfo[];
}

const maxDepth = 16;
const annotations = ['title', 'description', 'examples'] as const;

function isObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Creates a navigator over the schemas of `sources` (kinds whose schema is missing give []). */
export function createSchemaNavigator(sources: SchemaSources): SchemaNavigator {
  // Every document with its local refs made absolute ("#/definitions/比較" in common.schema.json
  // becomes "common.schema.json#/definitions/比較"), so that merged allOf members keep resolving.
  const docs = new Map<string, JsonSchema>();
  const roots = new Map<SheetKind, JsonSchema>();
  const add = (name: string, value: unknown): JsonSchema | undefined => {
    if (!isObject(value)) return undefined;
    const doc = absoluteRefs(value, name) as JsonSchema;
    docs.set(name, doc);
    return doc;
  };
  add('common.schema.json', sources.common);
  for (const [kind, schema] of Object.entries(sources.kinds) as [SheetKind, unknown][]) {
    const doc = add(`${kind}.schema.json`, schema);
    if (doc) roots.set(kind, doc);
  }

  function pointer(doc: JsonSchema, fragment: string): unknown {
    let node: unknown = doc;
    for (const raw of fragment.replace(/^\//, '').split('/')) {
      if (raw === '') continue;
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[segment] : undefined;
    }
    return node;
  }

  /** Resolves `$ref` chains; the referring schema's own keywords (title, description …) win over the target's. */
  function deref(node: unknown, depth = 0): JsonSchema | undefined {
    if (node === true) return {};
    if (!isObject(node)) return undefined;
    const ref = node.$ref;
    if (typeof ref !== 'string' || depth > maxDepth) return node;
    const hash = ref.indexOf('#');
    const doc = docs.get(hash < 0 ? ref : ref.slice(0, hash));
    if (!doc) return undefined;
    const target = deref(pointer(doc, hash < 0 ? '' : ref.slice(hash + 1)), depth + 1);
    if (!target) return undefined;
    const { $ref: _ref, ...rest } = node;
    return { ...target, ...rest };
  }

  /** Merges `extra` (an allOf member or an anyOf branch) into `base`: properties, required, type. */
  function merge(base: JsonSchema, extra: JsonSchema): JsonSchema {
    const out: JsonSchema = { ...extra, ...base };
    if (isObject(base.properties) || isObject(extra.properties)) {
      const properties: JsonSchema = { ...(isObject(base.properties) ? base.properties : {}) };
      for (const [k, v] of Object.entries(isObject(extra.properties) ? extra.properties : {})) if (!(k in properties) || properties[k] === true) properties[k] = v;
      out.properties = properties;
    }
    const required = [...(Array.isArray(base.required) ? base.required : []), ...(Array.isArray(extra.required) ? extra.required : [])];
    if (required.length > 0) out.required = [...new Set(required)];
    return out;
  }

  /** The alternatives of a schema node: refs resolved, allOf merged, anyOf/oneOf expanded. */
  function expand(node: unknown, depth = 0): SchemaView[] {
    const resolved = deref(node);
    if (!resolved || depth > maxDepth) return [];
    const { allOf, anyOf, oneOf, ...rest } = resolved;
    let schema: JsonSchema = rest;
    if (Array.isArray(allOf)) {
      for (const member of allOf) for (const alt of expand(member, depth + 1)) schema = merge(schema, alt.schema);
    }
    const branches = [...(Array.isArray(anyOf) ? anyOf : []), ...(Array.isArray(oneOf) ? oneOf : [])];
    if (branches.length === 0) return [{ schema }];
    const out: SchemaView[] = [];
    for (const branch of branches) {
      for (const alt of expand(branch, depth + 1)) {
        // A branch that only names or requires keys of the base ({ properties: {小項目: true}, required: [...] }) refines it.
        const merged = merge(schema, alt.schema);
        for (const k of annotations) if (schema[k] !== undefined) merged[k] = schema[k];
        out.push({ schema: merged });
      }
    }
    return out;
  }

  function child(views: readonly SchemaView[], segment: string | number): SchemaView[] {
    const out: SchemaView[] = [];
    for (const { schema } of views) {
      if (typeof segment === 'number') {
        if (schema.items !== undefined) out.push(...expand(schema.items));
        continue;
      }
      const properties = isObject(schema.properties) ? schema.properties : {};
      if (segment in properties && properties[segment] !== true) {
        out.push(...expand(properties[segment]));
        continue;
      }
      let matched = false;
      if (isObject(schema.patternProperties)) {
        for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
          if (safeTest(pattern, segment)) {
            out.push(...expand(sub));
            matched = true;
          }
        }
      }
      if (!matched && isObject(schema.additionalProperties)) out.push(...expand(schema.additionalProperties));
    }
    return out;
  }

  function properties(views: readonly SchemaView[]): PropertyInfo[] {
    const objects = views.filter((v) => isObject(v.schema.properties) || v.schema.type === 'object');
    const order: string[] = [];
    for (const { schema } of objects) for (const name of Object.keys(isObject(schema.properties) ? schema.properties : {})) if (!order.includes(name)) order.push(name);
    return order.map((name) => ({
      name,
      required: objects.length > 0 && objects.every((v) => Array.isArray(v.schema.required) && v.schema.required.includes(name)),
      views: child(objects, name),
    }));
  }

  return {
    at(kind, path) {
      const root = roots.get(kind);
      if (!root) return [];
      let views = expand(root);
      for (const segment of path) {
        views = child(views, segment);
        if (views.length === 0) break;
      }
      return views;
    },
    child,
    properties,
  };
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** The first non-empty string annotation among the alternatives (title, description). */
export function annotation(views: readonly SchemaView[], name: 'title' | 'description'): string | undefined {
  for (const { schema } of views) if (typeof schema[name] === 'string' && schema[name] !== '') return schema[name] as string;
  return undefined;
}

/** The allowed values (enum / const) of the alternatives, in schema order, without duplicates. */
export function enumValues(views: readonly SchemaView[]): unknown[] {
  const out: unknown[] = [];
  for (const { schema } of views) {
    if (Array.isArray(schema.enum)) for (const v of schema.enum) if (!out.includes(v)) out.push(v);
    if ('const' in schema && !out.includes(schema.const)) out.push(schema.const);
  }
  return out;
}

/** What kind of value the alternatives allow: a mapping, a list, a scalar (several may hold). */
export function shapes(views: readonly SchemaView[]): { map: boolean; list: boolean; scalar: boolean } {
  let map = false;
  let list = false;
  let scalar = false;
  for (const { schema } of views) {
    const type = schema.type;
    if (type === 'object' || isObject(schema.properties) || isObject(schema.patternProperties) || isObject(schema.additionalProperties)) map = true;
    else if (type === 'array' || schema.items !== undefined) list = true;
    else scalar = true;
  }
  return { map, list, scalar };
}

/** The examples of the alternatives (schema `examples`), scalars only. */
export function examples(views: readonly SchemaView[]): unknown[] {
  const out: unknown[] = [];
  for (const { schema } of views) if (Array.isArray(schema.examples)) for (const e of schema.examples) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(e))) out.push(e);
  return out;
}

/** True when one of the alternatives is common.schema.json's 年度 or 年度末 (by its title). */
export function yearType(views: readonly SchemaView[]): '年度' | '年度末' | undefined {
  for (const { schema } of views) {
    if (typeof schema.pattern !== 'string') continue;
    if (schema.pattern.includes('年度末')) return '年度末';
    if (schema.pattern.includes('年度')) return '年度';
  }
  return undefined;
}

/** A copy of a schema document whose local refs ("#/…") name the document ("name#/…"). */
function absoluteRefs(node: unknown, name: string): unknown {
  if (Array.isArray(node)) return node.map((n) => absoluteRefs(n, name));
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${name}${v}` : absoluteRefs(v, name);
  return out;
}
