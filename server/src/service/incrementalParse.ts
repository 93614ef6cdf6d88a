import { Composer, type Document, isMap, isNode, isScalar, isSeq, type Node, Parser, type YAMLSeq } from 'yaml';
import { composerOptions, defaultParseLimits, deepestCollection, findDuplicateKeys, isAnyNode, isMapNode, isSeqNode, parseSheet, type ParseLimits, type ParsedSheet } from './parse';

/**
 * Incremental parsing: after an edit, only the block-sequence item that contains it is parsed
 * again, and the result is spliced into the previous parse (AST ranges after the edit shifted, the
 * data copied along the path to the item, every other item shared). Everything else gets a full
 * `parseSheet`, so the result is always what `parseSheet(text)` gives (proved by the property test
 * test/unit/incrementalParse.test.ts on random edit sequences).
 *
 * The splice is tried only when it cannot differ from a full parse:
 * - the previous parse is clean: an AST and data, no problem at all (no syntax error, tab, duplicate
 *   key, refusal);
 * - the edit lies inside one block-sequence item: after its `-` and before the end of its last
 *   content line; its chunk (the `-` line up to that end) starts with `-` at column n and every
 *   other content line is indented deeper than n, before and after the edit;
 * - the chunk holds no `&` or `*` where a node may start (anchors, aliases), no tab and no CR, no
 *   `#` on its last line (a trailing comment widens the enclosing collections' ranges), and ends
 *   with a line break;
 * - the chunk alone parses without any error or warning to one block sequence of one item, with
 *   no duplicate key and no deeper nesting than the limits allow at its place.
 * The lexer's state at the chunk's start depends only on the unchanged text before it, and a clean
 * chunk ends in block context at a line break, so the text after it reads as before.
 */

/**
 * Parses `text`, reusing `previous` (the parse of an earlier text of the same document) where the
 * edit allows, else with `fullParse` (any function with `parseSheet`'s result, e.g. the itemwise
 * `parseSheetFirst`). Same result as `parseSheet(text, limits)`; never throws.
 *
 * `previous` is consumed: on a splice its AST is updated in place (ranges shifted, the item
 * replaced) and shared with the result, so the previous ParsedSheet must not be used afterwards.
 * Its data is not changed (copied along the path to the item).
 */
export function reparseSheet(previous: ParsedSheet, text: string, limits: ParseLimits = defaultParseLimits, fullParse: (text: string, limits: ParseLimits) => ParsedSheet = parseSheet): ParsedSheet {
  const spliced = spliceSheet(previous, text, limits);
  return typeof spliced === 'string' ? fullParse(text, limits) : spliced;
}

/**
 * An `&` or `*` where a node may start (line start, after a space, `-`, `?`, `:`, `,` or a
 * bracket): a possible anchor or alias. Conservative: `A &B` in a plain scalar counts too (a full
 * parse then), `リサーチ&コンサルティング` does not.
 */
export const anchorLike = /(?:^|[\s[\]{},:?-])[&*]/;

/** Parses known to hold no anchor or alias (splices of an anchor-free parse). */
const knownAnchorFree = new WeakSet<ParsedSheet>();

/** Records that a parse's text holds no anchor or alias (its maker checked it), so `anchorFree` need not scan it. */
export function markAnchorFree(sheet: ParsedSheet): void {
  knownAnchorFree.add(sheet);
}

/** Whether a parse's text can hold no anchor or alias (a regular-expression scan, once per parse). */
export function anchorFree(sheet: ParsedSheet): boolean {
  if (knownAnchorFree.has(sheet)) return true;
  if (anchorLike.test(sheet.text)) return false;
  knownAnchorFree.add(sheet);
  return true;
}

/** One block-sequence item on the path from the root to the edit. */
interface Candidate {
  seq: YAMLSeq;
  index: number;
  /** Collections from the root down to `seq`, `seq` included. */
  depth: number;
  /** Data keys and indices from the root to `seq`. */
  path: (string | number)[];
}

/**
 * The splice alone: the parse of `text` made from `previous` (consumed as in `reparseSheet`), or
 * the reason (English, for tests and the profile) why it was not tried; `previous` is untouched then.
 */
export function spliceSheet(previous: ParsedSheet, text: string, limits: ParseLimits = defaultParseLimits): ParsedSheet | string {
  const old = previous.text;
  const doc = previous.yaml;
  if (!doc || previous.data === undefined || previous.problems.length > 0) return 'previous parse not clean';
  if (doc.errors.length > 0 || doc.warnings.length > 0) return 'previous parse not clean';
  if (text.length > limits.maxLength) return 'too large';
  if (!anchorFree(previous)) return 'anchors or aliases may be present';

  // The edit: old [from, oldTo) became new [from, newTo).
  const { from, tail } = editBounds(old, text);
  if (from === old.length && from === text.length) return previous;
  const oldTo = old.length - tail;
  const delta = text.length - old.length;

  // Deepest first: the smallest item around the edit whose chunk passes.
  const candidates = itemsAround(doc, from, oldTo);
  for (let c = candidates.length - 1; c >= 0; c--) {
    const candidate = candidates[c]!;
    const item = candidate.seq.items[candidate.index];
    if (!isNode(item) || !item.range) continue;
    const chunk = chunkOf(old, item.range[0]);
    if (!chunk || from <= chunk.dash || oldTo > chunk.end) continue;
    // A blank or comment line right before the item gives it spaceBefore or commentBefore, and a comment
    // line right after it widens its range and gives it a comment: the chunk parsed alone has neither.
    if (!plainLineBefore(old, chunk.start) || (chunk.end < old.length && !contentLineAt(old, chunk.end))) continue;
    const newEnd = chunk.end + delta;
    const source = text.slice(chunk.start, newEnd);
    if (!chunkLinesOk(source, chunk.dash - chunk.start)) continue;
    // A comment on the chunk's last line extends the ranges of the collections around it.
    if (lastLineHasHash(old.slice(chunk.start, chunk.end)) || lastLineHasHash(source)) continue;
    const parsed = parseChunk(source, limits.maxDepth - (candidate.depth - 1));
    if (typeof parsed === 'string') return parsed;
    return splice(previous, text, candidate, parsed, chunk.start, chunk.end, delta);
  }
  return 'edit not inside one block-sequence item';
}

/** Characters compared at once by `editBounds` (one native comparison of two slices). */
const block = 2048;

/**
 * The common prefix (`from`) and, after it, the common suffix (`tail`) of two texts, in UTF-16
 * code units. Block by block (slices compared natively), then character by character in the block
 * that differs: the text of an edited TextDocument is a concatenation, which a character loop reads
 * at 20 to 50 ms per 1.25 M characters, a slice comparison at under 1 ms.
 */
export function editBounds(old: string, text: string): { from: number; tail: number } {
  const min = Math.min(old.length, text.length);
  let from = 0;
  while (from + block <= min && old.slice(from, from + block) === text.slice(from, from + block)) from += block;
  while (from < min && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  const room = min - from;
  let tail = 0;
  while (tail + block <= room && old.slice(old.length - tail - block, old.length - tail) === text.slice(text.length - tail - block, text.length - tail)) tail += block;
  while (tail < room && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { from, tail };
}

/** The block-sequence items whose content contains [from, to], outermost first. */
function itemsAround(doc: Document.Parsed, from: number, to: number): Candidate[] {
  const out: Candidate[] = [];
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  let depth = 0;
  while (isNode(node)) {
    if (isMap(node)) {
      if (node.flow) break;
      depth++;
      let next: unknown;
      for (const pair of node.items) {
        const value = pair.value;
        if (isNode(value) && value.range && value.range[0] <= from && to <= value.range[1]) {
          if (!isScalar(pair.key) || typeof pair.key.value !== 'string') return out;
          path.push(pair.key.value);
          next = value;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      if (node.flow) break;
      depth++;
      // Items before the edit; the edit may also lie between an item's `-` and its content.
      let index = -1;
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (!isNode(item) || !item.range) return out;
        if (item.range[0] <= to) index = i;
        else break;
      }
      if (index < 0) break;
      const candidate = { seq: node as YAMLSeq, index, depth, path: [...path] };
      out.push(candidate);
      const item = node.items[index] as Node;
      if (!(item.range![0] <= from && to <= item.range![1])) break;
      path.push(index);
      node = item;
    } else break;
  }
  return out;
}

/**
 * The chunk of the block-sequence item whose content starts at `contentStart`: from the start of
 * its `-` line to the end (line break included) of its last content line, i.e. before the first
 * later content line indented no deeper than the `-`. Blank and comment lines in between belong to
 * it only when content follows. Undefined when the `-` is not alone at the start of its line.
 */
function chunkOf(text: string, contentStart: number): { start: number; dash: number; end: number } | undefined {
  let dash = contentStart - 1;
  while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\n')) dash--;
  if (dash < 0 || text[dash] !== '-') return undefined;
  const start = text.lastIndexOf('\n', dash - 1) + 1;
  for (let i = start; i < dash; i++) if (text[i] !== ' ') return undefined;
  const column = dash - start;
  let lineEnd = text.indexOf('\n', dash);
  if (lineEnd < 0) return undefined;
  let end = lineEnd + 1;
  let line = end;
  while (line < text.length) {
    lineEnd = text.indexOf('\n', line);
    if (lineEnd < 0) return undefined; // a last line without a line break: no splice
    let i = line;
    while (text[i] === ' ') i++;
    if (i < lineEnd && text[i] !== '#') {
      if (i - line <= column) break;
      end = lineEnd + 1;
    }
    line = lineEnd + 1;
  }
  return { start, dash, end };
}

/** Whether the line starting at `line` has content: its first character other than a space is neither `#` nor a line break. */
function contentLineAt(text: string, line: number): boolean {
  let i = line;
  while (text[i] === ' ') i++;
  return i < text.length && text[i] !== '\n' && text[i] !== '#';
}

/** Whether the line before the one starting at `start` (if any) has content and no `#` at all. */
function plainLineBefore(text: string, start: number): boolean {
  if (start === 0) return true;
  const line = text.lastIndexOf('\n', start - 2) + 1;
  return contentLineAt(text, line) && !hashIn(text, line, start);
}

/** Whether text[from, to) holds a `#` (a loop over that stretch only: `indexOf` would scan on to the text's end when there is none). */
function hashIn(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x23) return true;
  return false;
}

/** The edited chunk still is one item: `-` at `column`, every other content line deeper, nothing odd. */
function chunkLinesOk(source: string, column: number): boolean {
  if (!source.endsWith('\n') || /[\t\r]/.test(source) || anchorLike.test(source)) return false;
  for (let i = 0; i < column; i++) if (source[i] !== ' ') return false;
  if (source[column] !== '-' || (source[column + 1] !== ' ' && source[column + 1] !== '\n')) return false;
  let line = source.indexOf('\n') + 1;
  while (line < source.length) {
    const lineEnd = source.indexOf('\n', line);
    let i = line;
    while (source[i] === ' ') i++;
    if (i < lineEnd && source[i] !== '#' && i - line <= column) return false;
    line = lineEnd + 1;
  }
  return true;
}

function lastLineHasHash(chunk: string): boolean {
  return chunk.lastIndexOf('#') > chunk.lastIndexOf('\n', chunk.length - 2);
}

/**
 * A chunk (one block-sequence item, its `-` line up to the line break after its last content line)
 * parsed and composed alone: its one item's node and data, or why it cannot be used (English, for
 * tests). `offset`: where the chunk starts in its document, so that the node's ranges are offsets
 * into it (default 0: ranges into the chunk). Refused: nesting deeper than `maxDepth`, an error or
 * warning, anything but one block item, a duplicate key.
 */
export function parseChunk(source: string, maxDepth: number, offset = 0): { item: Node; data: unknown } | string {
  const parser = new Parser();
  parser.offset = offset;
  const tokens = [...parser.parse(source)];
  if (deepestCollection(tokens, maxDepth) !== undefined) return 'too deep';
  const docs = [...new Composer(composerOptions).compose(tokens, true, offset + source.length)];
  const chunkDoc = docs[0];
  if (docs.length !== 1 || !chunkDoc || chunkDoc.errors.length > 0 || chunkDoc.warnings.length > 0) return 'chunk has errors';
  const root = chunkDoc.contents;
  if (!isSeq(root) || root.flow || root.items.length !== 1 || !isNode(root.items[0])) return 'chunk is not one item';
  if (findDuplicateKeys(chunkDoc).length > 0) return 'chunk has duplicate keys';
  const data = chunkDoc.toJS() as unknown[];
  return { item: root.items[0], data: data[0] };
}

function splice(previous: ParsedSheet, text: string, candidate: Candidate, parsed: { item: Node; data: unknown }, chunkStart: number, oldChunkEnd: number, delta: number): ParsedSheet | string {
  // The data: copied along the path (every other object shared with the previous data).
  const root = copyOf(previous.data);
  let container = root;
  for (const key of candidate.path) {
    const child = copyOf((container as Record<string | number, unknown>)[key]);
    (container as Record<string | number, unknown>)[key] = child;
    container = child;
  }
  if (!Array.isArray(container) || container.length !== candidate.seq.items.length) return 'data does not match the AST';
  container[candidate.index] = parsed.data;

  // The AST: every range at or after the old chunk's end moves by delta, then the item is replaced.
  const doc = previous.yaml!;
  const old = candidate.seq.items[candidate.index] as Node;
  shiftSubtree(parsed.item, 0, chunkStart, undefined);
  replaceAndShift(doc, old, parsed.item, oldChunkEnd, delta);
  candidate.seq.items[candidate.index] = parsed.item;
  const sheet: ParsedSheet = { text, yaml: doc, data: root, problems: [] };
  knownAnchorFree.add(sheet); // the chunk was checked, the rest is as before
  return sheet;
}

function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice();
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

/**
 * Per parsed document: the range array of every node of its contents, in pre-order (a map's pairs'
 * keys and values, a sequence's items), built at the first splice and kept up to date by every
 * splice after it. Shifting the ranges after an edit is then one flat loop over number arrays
 * instead of a walk over the node objects (4 ms → under 1 ms per edit at 9,000 lines), and the
 * replaced item's nodes are one contiguous run (pre-order keeps a subtree together).
 */
const rangeIndexes = new WeakMap<Document.Parsed, number[][]>();

/** The range arrays of `top`'s subtree (`top` included), in pre-order, appended to `out`. */
function collectRanges(top: unknown, out: number[][]): number[][] {
  const stack: unknown[] = [top];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isAnyNode(node)) continue;
    if (node.range) out.push(node.range);
    // Children pushed in reverse so that they are visited in document order.
    if (isMapNode(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value, node.items[i]!.key);
    } else if (isSeqNode(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return out;
}

/**
 * Replaces the node `old` (an item of the document) by `replacement` (already at its place) in the
 * document's range index, and adds `delta` to every range offset ≥ `at` of every other node and of
 * the document: what `shiftSubtree(doc.contents, at, delta, old)` does, without the walk. Falls back
 * to the walk (and drops the index) if `old` is not where the index says.
 */
function replaceAndShift(doc: Document.Parsed, old: Node, replacement: Node, at: number, delta: number): void {
  if (doc.range) shiftRange(doc.range, at, delta);
  let index = rangeIndexes.get(doc);
  if (!index) rangeIndexes.set(doc, (index = collectRanges(doc.contents, [])));
  const first = old.range ? index.indexOf(old.range) : -1;
  const removed = first < 0 ? [] : collectRanges(old, []);
  if (first < 0 || removed.some((range, i) => index[first + i] !== range)) {
    rangeIndexes.delete(doc);
    if (delta !== 0) shiftSubtree(doc.contents, at, delta, old);
    return;
  }
  if (delta !== 0) {
    for (let i = 0; i < first; i++) {
      const range = index[i]!;
      // Before the item in pre-order: only the collections around it end at or after `at`.
      if (range[2]! >= at) shiftRange(range, at, delta);
    }
    for (let i = first + removed.length; i < index.length; i++) shiftRange(index[i]!, at, delta);
  }
  const added = collectRanges(replacement, []);
  // splice's arguments are bounded by the stack: a very large item is joined by copies instead.
  if (added.length <= 10_000) index.splice(first, removed.length, ...added);
  else rangeIndexes.set(doc, index.slice(0, first).concat(added, index.slice(first + removed.length)));
}

function shiftRange(range: number[], at: number, delta: number): void {
  for (let i = 0; i < range.length; i++) if (range[i]! >= at) range[i]! += delta;
}

/** Iterative walk over a subtree's nodes (pairs' keys and values included), shifting ranges. */
function shiftSubtree(top: unknown, at: number, delta: number, skip: unknown): void {
  const stack: unknown[] = [top];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === skip || !isAnyNode(node)) continue;
    if (node.range) {
      // Subtrees ending before `at` need no change.
      if (node.range[2] < at) continue;
      shiftRange(node.range, at, delta);
    }
    if (isMapNode(node)) {
      for (const pair of node.items) {
        stack.push(pair.key, pair.value);
      }
    } else if (isSeqNode(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}
