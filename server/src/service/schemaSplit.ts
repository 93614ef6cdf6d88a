/**
 * Schema validation that costs what an edit changes (issue 11 §2): a kind's schema split into a
 * root validator and one validator per large list (the top-level arrays of items: 振り返りシート's
 * 柱, 区運営方針's 経営課題, 市政改革プラン進捗's 事項, 部会議事概要's 議事), whose errors are kept per
 * item data object and reused while the object is unchanged (the incremental parse keeps the data
 * object of every item an edit did not touch).
 *
 * Exactly equivalent to the whole validator, by construction:
 * - the root validator is the kind's schema (same keywords, same order, same `$ref`s) with each
 *   split list's `items` replaced by a placeholder that fails on every item (`not: {}` marked by
 *   its `$comment`); its errors are the whole validator's errors outside the items, in the same
 *   order, with one placeholder error exactly where the whole validator would report that item's
 *   errors (ajv loops over the items in the same place of the same generated code);
 * - an item validator validates `{ <list>: [item] }` against a schema whose only keyword at the
 *   top is that list with the kind's original `items` schema (and the kind's `definitions`, so
 *   relative `$ref`s resolve as before): its errors carry the whole validator's schema paths, and
 *   its instance paths differ only in the item's index, which is rewritten;
 * - a schema is split only when nothing looks at a list's items from outside its `items`: the root
 *   may hold only keywords that apply subschemas to a property through `properties` (no combinator,
 *   conditional, `$ref`, `patternProperties`, `dependencies`), a split list only `type: array`,
 *   `items`, `minItems`/`maxItems` and annotations (no `uniqueItems` or `contains`, which compare or
 *   test items from the list), and no `$ref` anywhere may point into the document other than into
 *   its `definitions`/`$defs` (`#` or `#/properties/…` would resolve against the wrapper
 *   documents), nor may a subschema set its own `$id`. Anything else: no split, the whole validator.
 * The root validator's errors name the original schema (not the root document's copy) as their
 * `parentSchema`, so the errors are the whole validator's to the last field.
 *
 * The bundles carry only the split validators of a schema that splits (server/src/schemaStandalone.ts),
 * and compileSchemas makes the whole validator of them (`wholeValidator`).
 *
 * Test: test/unit/schemaSplit.test.ts (random edit sequences over generated sheets of every kind and
 * the samples give the whole validator's placed problems; reuse is counted).
 */
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';

/**
 * A validator as the service calls it: ajv's compiled function or ajv standalone code (which has no
 * `schemaEnv`), or one made of split validators (`wholeValidator`). `errors` after a failed call.
 */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** One split list: its root property and the validator of `{ [property]: [item] }`. */
export interface SplitList {
  property: string;
  validate: Validator;
}

/** A kind's split validators: the root (placeholders for the items of `lists`) and one per list. */
export interface SplitValidators {
  root: Validator;
  lists: readonly SplitList[];
  /**
   * The kind's schema as given: errors outside the items name it (or its list property schemas) as
   * their `parentSchema`, as the whole validator's do, instead of the root document's copy.
   * Undefined: the copy stays (same titles and keys, different `$comment` and `items`).
   */
  original?: Record<string, unknown>;
}

/** The JSON documents of a split, as compiled at run time and at build time. */
export interface SplitDocuments {
  root: Record<string, unknown>;
  lists: { property: string; schema: Record<string, unknown> }[];
}

/** Marks the placeholder of list n in the root document: `$comment` is `${placeholderMark}n`. */
const placeholderMark = 'policy-sheets: item validated by its own validator, list ';
/** Marks the root document (its `$comment`), so that its errors can name the original schema. */
const rootMark = 'policy-sheets: root of a split schema';

type Schema = Record<string, unknown>;
const isSchemaObject = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keywords the root may hold: none of them applies a subschema to a listed property except `properties`. */
const rootKeywords = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', 'type', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'propertyNames', 'definitions', '$defs']);
/** Keywords a split list may hold: none of them looks at its items other than `items` itself. */
const listKeywords = new Set(['type', 'title', 'description', 'examples', 'default', '$comment', 'minItems', 'maxItems', 'items', 'readOnly', 'writeOnly', 'deprecated']);

/**
 * The root and list documents of `schema` (a kind's schema as read from schemas/), with the ASCII
 * ids `${idPrefix}root.json` and `${idPrefix}list-<n>.json`, or undefined when the schema cannot be
 * split safely (see the module comment) or has no list worth splitting (items that are collections).
 * Pure; never throws.
 */
export function splitDocuments(schema: unknown, idPrefix: string): SplitDocuments | undefined {
  if (!isSchemaObject(schema) || !isSchemaObject(schema.properties)) return undefined;
  if (!Object.keys(schema).every((k) => rootKeywords.has(k))) return undefined;
  if (!refsStayInDefinitions(schema)) return undefined;
  const properties = schema.properties;
  const lists: SplitDocuments['lists'] = [];
  const rootProperties: Schema = { ...properties };
  for (const [property, list] of Object.entries(properties)) {
    if (!isSchemaObject(list) || list.type !== 'array' || !isSchemaObject(list.items)) continue;
    if (!Object.keys(list).every((k) => listKeywords.has(k))) continue;
    // A list of scalars (出席者) costs little and its items cannot be kept per object.
    if (typeof list.items.type === 'string' && list.items.type !== 'object') continue;
    rootProperties[property] = { ...list, items: { $comment: `${placeholderMark}${lists.length}`, not: {} } };
    lists.push({
      property,
      schema: {
        ...pick(schema, ['$schema', 'definitions', '$defs']),
        $id: `${idPrefix}list-${lists.length}.json`,
        type: 'object',
        properties: { [property]: { type: 'array', items: list.items } },
      },
    });
  }
  if (lists.length === 0) return undefined;
  return { root: { ...schema, $id: `${idPrefix}root.json`, $comment: rootMark, properties: rootProperties }, lists };
}

function pick(schema: Schema, keys: readonly string[]): Schema {
  const out: Schema = {};
  for (const key of keys) if (key in schema) out[key] = schema[key];
  return out;
}

/** Whether every `$ref` of the document points elsewhere or into its definitions, and no subschema sets an `$id` or anchor. */
function refsStayInDefinitions(schema: Schema): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (!Array.isArray(value)) {
      const node = value as Schema;
      if (node !== schema && ('$id' in node || '$anchor' in node || '$dynamicAnchor' in node || '$recursiveAnchor' in node)) return false;
      if ('$recursiveRef' in node || '$dynamicRef' in node) return false;
      const ref = node.$ref;
      if (typeof ref === 'string' && ref.startsWith('#') && !/^#\/(definitions|\$defs)\//.test(ref)) return false;
    }
    for (const child of Object.values(value)) stack.push(child);
  }
  return true;
}

/**
 * Compiles the split of `schema` with `ajv` (the instance that compiled the whole validator, so
 * that `common.schema.json` resolves; created with the same options). Undefined when the schema
 * cannot be split or a split document does not compile (the whole validator is used then). Never
 * throws.
 */
export function compileSplit(ajv: Ajv, schema: unknown, idPrefix: string): SplitValidators | undefined {
  const documents = splitDocuments(schema, idPrefix);
  if (!documents) return undefined;
  try {
    return { root: ajv.compile(documents.root), lists: documents.lists.map(({ property, schema: list }) => ({ property, validate: ajv.compile(list) })), original: schema as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** Item errors validated and reused by `splitErrors` in this process (counts only, for tests and the profile). */
export const schemaSplitStats = { validated: 0, reused: 0 };

/** The errors of one item, kept with its data object: instance paths relative to the item. */
interface Kept {
  validate: Validator;
  errors: readonly ErrorObject[];
}

const noErrors: readonly ErrorObject[] = Object.freeze([]);

/** Per item data object, its errors under the item validator that made them (dropped with the data). */
const kept = new WeakMap<object, Kept>();

/**
 * The errors the whole validator gives on `data`, in its order, from the split validators: the
 * root's errors with each placeholder replaced by its item's errors (kept per item data object,
 * reused while the object is the same). Fresh error objects (the caller may localise and edit them);
 * their `data`, `schema` and `parentSchema` are shared and read-only. Empty when `data` is valid.
 */
export function splitErrors(split: SplitValidators, data: unknown): ErrorObject[] {
  if (split.root(data)) return [];
  const out: ErrorObject[] = [];
  for (const error of split.root.errors ?? []) {
    const list = placeholderList(error, split);
    if (!list) {
      out.push(withOriginalSchema(error, split));
      continue;
    }
    // error.instancePath is the item's path in the whole document (/柱/3), error.data the item.
    const prefix = `/${escapePointer(list.property)}/0`;
    for (const itemError of itemErrors(list, error.data)) out.push({ ...itemError, instancePath: error.instancePath + itemError.instancePath.slice(prefix.length) });
  }
  return out;
}

/** A root error naming the root document or a split list's copy as `parentSchema`, naming the original instead. */
function withOriginalSchema(error: ErrorObject, split: SplitValidators): ErrorObject {
  const parent = error.parentSchema as { $comment?: unknown; items?: { $comment?: unknown } } | undefined;
  if (!split.original || !parent) return error;
  if (parent.$comment === rootMark) return { ...error, parentSchema: split.original };
  const mark = parent.items?.$comment;
  if (typeof mark !== 'string' || !mark.startsWith(placeholderMark)) return error;
  const list = split.lists[Number(mark.slice(placeholderMark.length))];
  const properties = split.original.properties as Record<string, object> | undefined;
  return list && properties?.[list.property] ? { ...error, parentSchema: properties[list.property] } : error;
}

/**
 * A validator that gives what the whole validator gives, made of the split validators (the bundles
 * carry only these where a schema splits: each schema's code once). Reuses kept item errors too.
 */
export function wholeValidator(split: SplitValidators): Validator {
  const validate: Validator = (data: unknown) => {
    const errors = splitErrors(split, data);
    validate.errors = errors.length > 0 ? errors : null;
    return errors.length === 0;
  };
  return validate;
}

function placeholderList(error: ErrorObject, split: SplitValidators): SplitList | undefined {
  if (error.keyword !== 'not') return undefined;
  const comment = (error.parentSchema as { $comment?: unknown } | undefined)?.$comment;
  if (typeof comment !== 'string' || !comment.startsWith(placeholderMark)) return undefined;
  return split.lists[Number(comment.slice(placeholderMark.length))];
}

function itemErrors(list: SplitList, item: unknown): readonly ErrorObject[] {
  const keep = item !== null && typeof item === 'object';
  if (keep) {
    const found = kept.get(item);
    if (found && found.validate === list.validate) {
      schemaSplitStats.reused++;
      return found.errors;
    }
  }
  schemaSplitStats.validated++;
  const errors = list.validate({ [list.property]: [item] }) ? noErrors : (list.validate.errors ?? noErrors);
  if (keep) kept.set(item, { validate: list.validate, errors });
  return errors;
}

/** A property name as ajv writes it in an instance path (JSON Pointer). */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
