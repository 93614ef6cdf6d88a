/**
 * Per-item memoisation of a check's work, so that after an edit a check costs what the edit
 * changed (issue 11 §2).
 *
 * The incremental parse (../incrementalParse.ts) re-parses only the block-sequence item an edit
 * touches: every other item keeps its data object (same JS identity) and its AST node (same
 * object, ranges shifted in place); the objects on the path from the root to the edited item are
 * shallow copies, so they are new. A full parse makes every object new. Hence a check's findings
 * for an item (an object that is a sequence element: a 柱, a 中項目, a 行 …) can be kept with the
 * item's data object and reused as long as
 * - the data object is the same (nothing inside the item changed: its text is the same text,
 *   moved as a whole),
 * - it sits at the same data path (a guard; a splice never moves an item),
 * - the document-level inputs the check names (kind, the document's year and era, the identity or
 *   signature of an index built from the whole document …) are equal, as one string `inputs`.
 *
 * Problems are stored as they were found, with the start of the item's AST node at that time, and
 * reused as the same objects while the node starts there (every item before an edit, and every item
 * after a same-length edit), or as copies moved by the node's shift (kept for the next reuse). A
 * problem that falls outside the item's node (a check that reports on a parent key, or on line 1)
 * cannot be moved with it: an item with such a problem is not memoised and is computed again every
 * time. Quick-fix `data` is stored as it is, so a check's `data` must not carry absolute offsets
 * (none does: `data` holds replacements, expected values, ids, never offsets; `fix` is attached
 * after the checks, by fixes.ts; the property test of test/unit/itemMemo.test.ts compares `data`
 * after edits that move items). Reused problems and their `data` are shared between validations and
 * must be treated as read-only (the service copies a problem whose message it shortens).
 *
 * Memory goes with the items: one record per item, in a WeakMap keyed on the item's data object
 * (one slot per memo; an empty result costs a pointer), dropped with the parse that made it.
 * Nothing to clear between documents or tests: a data object belongs to one parse of one document.
 *
 * Used by the checks through `walkItems` (every value of the sheet, e.g. every string), and
 * `itemProblems` (entries found by a structured walk: rows, 実績値 entries, indicators).
 *
 * Aliases: `&a`/`*a` make one data object appear at two places. The incremental parse never
 * splices a document that may hold them, so no item of such a document outlives its validation;
 * problems are still neither stored nor reused there (a conservative text test), so that a second
 * validation of the same parse cannot differ from the first.
 */
import { isNode, type Node as YamlNode } from 'yaml';
import type { ParsedSheet } from '../parse';
import { anchorFree } from '../incrementalParse';
import type { Problem } from '../problem';
import { locate } from '../yamlPath';
import type { CheckContext } from './index';
import type { DataPath } from './support';

/** What one item (or the whole walk) contributes: problems (absolute offsets) and offset-free facts. */
export interface ItemResult<F> {
  problems: Problem[];
  facts: F[];
}

/** The parse a memoised result belongs to (a CheckContext has both); without it only facts are memoised. */
export type ItemScope = Pick<CheckContext, 'sheet' | 'yaml'> & Partial<Pick<CheckContext, 'memo'>>;

/** Item results reused and computed by every ItemMemo of the process (`reusedFacts`: of them, facts-only walks without a parse), for tests and the profile (counts only). */
export const itemMemoStats = { reused: 0, computed: 0, reusedFacts: 0 };

/** A stored non-empty result of one memo for one item. */
interface Stored {
  inputs: string;
  /** Problems with absolute `start`/`end`, valid while the item's node starts at `base`. */
  problems: Problem[];
  /** Where the item's node started when `problems` were made. */
  base: number;
  facts: readonly unknown[];
}

/**
 * The stored problems of a kept result, for an item whose node now starts at `base`: the same
 * objects when it has not moved (most items after most edits: every item before the edit, and every
 * item when the edit keeps the text's length), else copies moved by the difference, which are kept
 * in their place (the next edit reuses them if the item does not move again). Read-only for callers.
 */
function atBase(kept: { problems: Problem[]; base: number }, base: number): Problem[] {
  if (kept.base !== base) {
    const by = base - kept.base;
    kept.problems = kept.problems.map((p) => ({ ...p, start: p.start + by, end: p.end + by }));
    kept.base = base;
  }
  return kept.problems;
}

/**
 * What is kept of one item for all memos together (one record per item, so that memory grows with
 * the items, not with items × checks): where it was, its AST node once a memo needed it, and per
 * memo either the `inputs` of an empty result (a string shared by every item of a validation) or a
 * stored result.
 */
interface ItemRecord {
  path: DataPath;
  /**
   * The stamp (`parseStamp`) of the last parse in which the item was met at `path`: every memo meets
   * an item at its own data path, so in that parse the other memos need not compare paths again.
   */
  verified: number;
  /** The item's AST node: its range moves with the item (the incremental parse shifts it in place). */
  node: YamlNode | undefined;
  slots: (string | Stored | undefined)[];
}

/** Records per item data object, for every memo (dropped with the data). */
const records = new WeakMap<object, ItemRecord>();
let memoCount = 0;
const empty: ItemResult<never> = Object.freeze({ problems: Object.freeze([]) as unknown as Problem[], facts: Object.freeze([]) as unknown as never[] });

/**
 * The memo of one check (or one derived fact): results per item data object. Create one per check
 * at module level (`const memo = new ItemMemo<Fact>()`); each takes one slot in the items' records.
 *
 * `F` is the type of the facts the check's per-item part derives (e.g. the titles an index is built
 * from); facts must not hold offsets (they are not rebased) and are shared read-only between
 * validations.
 */
export class ItemMemo<F = never> {
  /** This memo's slot in the items' records (and in the group results of `itemProblems`). */
  readonly slot = memoCount++;
  /** How many item results of this memo were reused and computed (for tests and the profile). */
  readonly stats = { reused: 0, computed: 0 };

  /**
   * The result of `compute` for the item `item` at `path`: reused when the same object was computed
   * at the same path with the same `inputs`, rebased on the item's node's current start; computed
   * (and stored when every problem lies inside the item's node) otherwise. The result is read-only.
   *
   * `scope` undefined: only facts are memoised (a result with problems is not stored).
   */
  result(scope: ItemScope | undefined, item: object, path: DataPath, inputs: string, compute: () => ItemResult<F>): ItemResult<F> {
    // A service that checks each document once (the CLI): nothing to reuse, nothing worth storing.
    if (scope?.memo === false) {
      this.stats.computed++;
      itemMemoStats.computed++;
      return compute();
    }
    const memoisable = scope === undefined || mayReuseProblems(scope.sheet);
    let record = memoisable ? records.get(item) : undefined;
    // Without a parse (facts only, aliases possible) the path is compared every time.
    const stamp = scope === undefined ? 0 : lastStamp;
    if (record && (stamp === 0 || record.verified !== stamp)) {
      if (samePath(record.path, path)) record.verified = stamp;
      else record = undefined;
    }
    const kept = record?.slots[this.slot];
    if (kept !== undefined) {
      if (kept === inputs) return this.reused(empty, scope === undefined);
      if (typeof kept !== 'string' && kept.inputs === inputs) {
        const base = record!.node?.range?.[0];
        if (kept.problems.length === 0) return this.reused({ problems: [], facts: kept.facts as F[] }, scope === undefined);
        if (base !== undefined) return this.reused({ problems: atBase(kept, base), facts: kept.facts as F[] }, scope === undefined);
      }
    }
    this.stats.computed++;
    itemMemoStats.computed++;
    const fresh = compute();
    if (!memoisable) return fresh;
    if (!record) records.set(item, (record = { path, verified: stamp, node: undefined, slots: [] }));
    if (fresh.problems.length === 0) {
      record.slots[this.slot] = fresh.facts.length === 0 ? inputs : { inputs, problems: [], base: 0, facts: fresh.facts };
      return fresh;
    }
    record.slots[this.slot] = undefined;
    if (!scope?.yaml) return fresh;
    if (!record.node) {
      const found = locate(scope.yaml, path);
      if (found.depth === path.length && isNode(found.node)) record.node = found.node;
    }
    const range = record.node?.range;
    if (!range || fresh.problems.some((p) => p.start < range[0] || p.end > range[2])) return fresh;
    const base = range[0];
    record.slots[this.slot] = { inputs, problems: fresh.problems, base, facts: fresh.facts };
    return fresh;
  }

  /** Counts `n` item results reused at once (a group of `itemProblems`). */
  countReused(n: number): void {
    this.stats.reused += n;
    itemMemoStats.reused += n;
  }

  private reused(result: ItemResult<F>, factsOnly: boolean): ItemResult<F> {
    this.stats.reused++;
    itemMemoStats.reused++;
    if (factsOnly) itemMemoStats.reusedFacts++;
    return result;
  }
}

function samePath(a: DataPath, b: DataPath): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

const aliasFree = new WeakMap<ParsedSheet, boolean>();

/** The parse last asked about and its answer: every memo asks once per item, all about one parse. */
let lastSheet: ParsedSheet | undefined;
let lastFree = false;
/** A number per parse asked about (`lastSheet`'s), never 0, for `ItemRecord.verified`. */
let lastStamp = 0;
let stamps = 0;

/** Whether problems of this parse may be stored and reused: its text can hold no anchor or alias. */
function mayReuseProblems(sheet: ParsedSheet): boolean {
  if (sheet === lastSheet) return lastFree;
  let free = aliasFree.get(sheet);
  if (free === undefined) {
    // Known without a scan for a splice of an anchor-free parse (incrementalParse.ts); a scan otherwise.
    free = anchorFree(sheet);
    aliasFree.set(sheet, free);
  }
  lastSheet = sheet;
  lastFree = free;
  lastStamp = ++stamps;
  return free;
}

/** One value met by `walkItems`. */
export interface WalkedValue {
  value: unknown;
  /** Data path of the value. */
  path: DataPath;
  /** The nearest mapping key above or at the value (for a sequence element, the sequence's key); '' at the top. */
  key: string;
  /** Every mapping key from the top down to `key`. */
  ancestors: readonly string[];
  /** True for the value of a mapping entry (its key is `key`), false for a sequence element. */
  entry: boolean;
}

// Deep enough for any sheet the parser accepts (it refuses deeper nesting), and bounded.
const maxDepth = 64;

/**
 * Walks `data` (pre-order, source order) and calls `visit` on every mapping value and sequence
 * element (not on the root), memoising per item: the visits of a sequence element that is a
 * collection (an item) and of everything inside it are one memoised result of `memo`, valid for
 * `inputs`; so are the visits inside a collection that is a value of the root mapping (its own
 * visit, as a mapping entry, belongs to the root). `visit` must therefore depend only on the
 * value, its subtree, its path and keys, and what `inputs` names. Cycle-safe: each object is entered once (data shared through aliases at its first
 * path only); objects deeper than 64 levels are not entered.
 *
 * Returns every problem (absolute offsets) and fact, in walk order.
 */
export function walkItems<F>(scope: ItemScope | undefined, data: unknown, memo: ItemMemo<F>, inputs: string, visit: (value: WalkedValue, out: ItemResult<F>) => void): ItemResult<F> {
  const seen = new Set<object>();
  const out: ItemResult<F> = { problems: [], facts: [] };

  const descend = (value: unknown, path: DataPath, keys: readonly string[], into: ItemResult<F>): void => {
    if (value === null || typeof value !== 'object' || path.length > maxDepth || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      const key = keys[keys.length - 1] ?? '';
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        const childPath = extended(path, i);
        if (child !== null && typeof child === 'object') {
          // An item: its own visit and its subtree, memoised together.
          const result = memo.result(scope, child, childPath, inputs, () => {
            const sub: ItemResult<F> = { problems: [], facts: [] };
            visit({ value: child, path: childPath, key, ancestors: keys, entry: false }, sub);
            descend(child, childPath, keys, sub);
            return sub;
          });
          append(into, result);
        } else visit({ value: child, path: childPath, key, ancestors: keys, entry: false }, into);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    // Object.keys, not Object.entries: the same order without a [key, value] array per entry.
    for (const key of Object.keys(record)) {
      const child = record[key];
      const childPath = extended(path, key);
      const childKeys = extended(keys, key);
      // The entry is visited here (its findings may lie on the key, outside the value's node). What is
      // inside a collection value of the root (柱, 出席者: a list of strings has no item of its own) is
      // memoised with that collection: the root is copied by every splice. Deeper collection values
      // belong to the item around them (a record per item, not per collection, keeps memory low).
      visit({ value: child, path: childPath, key, ancestors: childKeys, entry: true }, into);
      if (child === null || typeof child !== 'object') continue;
      if (path.length > 0) {
        descend(child, childPath, childKeys, into);
        continue;
      }
      const result = memo.result(scope, child, childPath, inputs, () => {
        const sub: ItemResult<F> = { problems: [], facts: [] };
        descend(child, childPath, childKeys, sub);
        return sub;
      });
      append(into, result);
    }
  };

  descend(data, [], [], out);
  return out;
}

/** `[...list, step]` without the iteration protocol (the walks make one per value they meet). */
function extended<T>(list: readonly T[], step: T): T[] {
  const out = list.slice();
  out.push(step);
  return out;
}

function append<F>(into: ItemResult<F>, result: ItemResult<F>): void {
  for (const p of result.problems) into.problems.push(p);
  for (const f of result.facts) into.facts.push(f);
}

/**
 * The problems of each entry of `items` (objects found by a structured walk, such as the rows of a
 * 振り返りシート or the entries of every 実績値 list), one `read` per entry, memoised per entry's
 * object (`objectOf`, default the entry's `item`) at the entry's `path`, valid for `inputs`.
 * `read` must depend only on that object's subtree, its path and what `inputs` names.
 *
 * Consecutive entries under one top-level item (`['柱', i, …]`) are memoised together too
 * (`groupProblems`): after an edit, an unchanged 柱 costs one look-up, not one per row.
 */
export function itemProblems<T extends { path: DataPath }>(context: ItemScope, memo: ItemMemo<never>, inputs: string, items: readonly T[], objectOf: (entry: T) => object, read: (entry: T) => Problem[]): Problem[] {
  const problems: Problem[] = [];
  const one = (entry: T): readonly Problem[] => memo.result(context, objectOf(entry), entry.path, inputs, () => ({ problems: read(entry), facts: [] })).problems;
  for (let i = 0; i < items.length; ) {
    // The entries under one top-level item (柱 i, 経営課題 i …), one group memo for them all.
    const group = topItemOf(context, items[i]!.path);
    let end = i + 1;
    if (group) while (end < items.length && sameTop(items[end]!.path, items[i]!.path)) end++;
    const found = group ? groupProblems(context, memo, inputs, group, items, i, end, objectOf, one) : one(items[i]!);
    for (const p of found) problems.push(p);
    i = end;
  }
  return problems;
}

/** A group memo's stored result for one top-level item: its entries' objects and problems relative to the item's node. */
interface StoredGroup {
  inputs: string;
  path: DataPath;
  objects: object[];
  node: YamlNode;
  /** Absolute offsets, valid while the item's node starts at `base`. */
  problems: Problem[];
  base: number;
}

/** Group results per memo (by its slot) and top-level item data object. */
const groups = new WeakMap<object, (StoredGroup | undefined)[]>();

/** The top-level item `['柱', i]` holding `path` (an object in the data at its first two steps), or undefined. */
function topItemOf(context: ItemScope, path: DataPath): { item: object; path: DataPath } | undefined {
  if (path.length < 3 || typeof path[0] !== 'string' || typeof path[1] !== 'number') return undefined;
  const list = (context.sheet.data as Record<string, unknown> | null | undefined)?.[path[0]];
  const item: unknown = Array.isArray(list) ? list[path[1]] : undefined;
  return item !== null && typeof item === 'object' ? { item, path: [path[0], path[1]] } : undefined;
}

const sameTop = (a: DataPath, b: DataPath): boolean => a.length >= 3 && a[0] === b[0] && a[1] === b[1];

/**
 * The problems of `items[from, to)`, the entries under one top-level item: the stored problems of the
 * group, rebased, when the top-level item is the same data object at the same path, with the same
 * `inputs`, and its entries are the same objects in the same order as when they were stored (an
 * unchanged top-level item has an unchanged subtree, so each entry's result would be reused);
 * otherwise each entry through its own memo (`one`), the group stored when all its problems lie in
 * the top-level item's node. One look-up per top-level item instead of one per entry.
 */
function groupProblems<T extends { path: DataPath }>(context: ItemScope, memo: ItemMemo<never>, inputs: string, group: { item: object; path: DataPath }, items: readonly T[], from: number, to: number, objectOf: (entry: T) => object, one: (entry: T) => readonly Problem[]): readonly Problem[] {
  const memoisable = context.memo !== false && mayReuseProblems(context.sheet);
  const slots = memoisable ? groups.get(group.item) : undefined;
  const kept = slots?.[memo.slot];
  if (kept && kept.inputs === inputs && kept.objects.length === to - from && samePath(kept.path, group.path) && kept.node.range) {
    let same = true;
    for (let i = from; same && i < to; i++) same = objectOf(items[i]!) === kept.objects[i - from];
    if (same) {
      memo.countReused(to - from);
      return atBase(kept, kept.node.range[0]);
    }
  }
  const found: Problem[] = [];
  for (let i = from; i < to; i++) for (const p of one(items[i]!)) found.push(p);
  if (!memoisable || !context.yaml) return found;
  const located = locate(context.yaml, group.path);
  const range = located.depth === group.path.length && isNode(located.node) ? located.node.range : undefined;
  const list = slots ?? (groups.set(group.item, []), groups.get(group.item)!);
  list[memo.slot] = undefined;
  if (!range || found.some((p) => p.start < range[0] || p.end > range[2])) return found;
  const objects: object[] = [];
  for (let i = from; i < to; i++) objects.push(objectOf(items[i]!));
  list[memo.slot] = { inputs, path: group.path, objects, node: located.node as YamlNode, problems: found, base: range[0] };
  return found;
}

let unique = 0;

/**
 * A document-level value (a 凡例, the document's year …) as `inputs` text: its JSON. A value that
 * cannot be written as JSON (cyclic through aliases, a BigInt) gets a text never given before, so
 * nothing is reused under it.
 */
export function signatureOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return `\u0000unique ${++unique}`;
  }
}
