import { type Document, isMap, isNode, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import { anchorLike, markAnchorFree, parseChunk } from './incrementalParse';
import { defaultParseLimits, parseSheet, type ParseLimits, type ParsedSheet } from './parse';

/**
 * Item-by-item parsing of a large sheet's first parse (issue 11 §2, first diagnostics): the items of
 * the root mapping's block sequences (a 振り返りシート's 柱, a 区運営方針's 経営課題 …) are each
 * lexed, parsed and composed on their own, and the rest of the document (the "skeleton", every such
 * item replaced by a one-line placeholder item `- 0`) once; the items' nodes and data then take the
 * placeholders' places, the skeleton's ranges after each placeholder moved by the length difference.
 *
 * Why: the whole document's CST (tokens, their source slices and start/end arrays) is all alive until
 * the composer has read it, so every scavenge during the parse copies it and then promotes it to the
 * old generation: at 34,826 lines a fifth of the first parse was garbage collection. An item's CST
 * (a few thousand characters) dies before the next scavenge; only the AST and data, which stay, are
 * promoted.
 *
 * The result is exactly `parseSheet(text, limits)`, by the same argument as the incremental parser's
 * splice (incrementalParse.ts): the lexer's state at a line start in block context depends only on the
 * collections open there, which a clean item and its placeholder leave alike (both are complete items
 * of the same sequence at the same column, ending with a line break). Items are taken only when that
 * argument holds; anything else (a syntax error, a tab, a CR, an anchor or alias, a duplicate key, a
 * comment or blank line next to an item, too deep a nesting) falls back to the whole-document parse.
 * test/unit/itemwiseParse.test.ts proves the equality on generated, sample and randomly edited sheets.
 */

/**
 * From this length (UTF-16 code units) the service parses a document item by item (`parseSheetFirst`).
 * Below it the whole document's CST fits the young generation's early scavenges anyway, and the
 * skeleton's extra parse is not worth it.
 */
export const itemwiseMinCharacters = 200_000;

/**
 * A sheet's parse as `parseSheet(text, limits)` gives it: item by item (`parseSheetItemwise`) from
 * `itemwiseMinCharacters`, else (or when that is refused) the whole document at once. Never throws.
 */
export function parseSheetFirst(text: string, limits: ParseLimits = defaultParseLimits): ParsedSheet {
  if (text.length < itemwiseMinCharacters) return parseSheet(text, limits);
  const itemwise = parseSheetItemwise(text, limits);
  return typeof itemwise === 'string' ? parseSheet(text, limits) : itemwise;
}

/** One item taken out of the skeleton: its chunk of the text and the placeholder standing for it. */
interface Taken {
  /** The chunk in the text: the item's `-` line up to the end (line break included) of its last content line. */
  start: number;
  end: number;
  /** The `-`'s column. */
  column: number;
  /** Offset of the placeholder's `0` in the skeleton. */
  placeholder: number;
}

/** The one-line item standing for a taken item in the skeleton (a plain scalar: its ranges are regular). */
const placeholderText = (column: number) => `${' '.repeat(column)}- 0\n`;

/**
 * The parse of `text` built item by item, equal to `parseSheet(text, limits)`, or the reason
 * (English, for tests) why it was not tried or given up; nothing is returned half-built.
 */
export function parseSheetItemwise(text: string, limits: ParseLimits = defaultParseLimits): ParsedSheet | string {
  if (text.length > limits.maxLength) return 'too large';
  // Tabs and CRs have problems or rewrites of their own in parseSheet; an anchor or alias makes data shared.
  if (text.includes('\t') || text.includes('\r')) return 'tab or CR';
  if ((text.includes('&') || text.includes('*')) && anchorLike.test(text)) return 'anchors or aliases may be present';
  // Without aliases the data is as deep as the AST: parseSheet's data-depth measure can only refuse it when its limit is lower.
  if (text.includes('*') && limits.maxDataDepth < limits.maxDepth) return 'data depth limit below the nesting limit';

  const taken = takeItems(text);
  if (taken.length === 0) return 'no items to take';
  const parts: string[] = [];
  let at = 0;
  let length = 0;
  for (const item of taken) {
    parts.push(text.slice(at, item.start));
    length += item.start - at;
    item.placeholder = length + item.column + 2;
    const placeholder = placeholderText(item.column);
    parts.push(placeholder);
    length += placeholder.length;
    at = item.end;
  }
  parts.push(text.slice(at));
  const skeleton = parseSheet(parts.join(''), limits);
  const doc = skeleton.yaml;
  if (!doc || skeleton.data === undefined || skeleton.problems.length > 0 || doc.errors.length > 0 || doc.warnings.length > 0) return 'skeleton not clean';

  // Each placeholder must be an item of a block sequence that is the value of a string key of the root mapping.
  const root = doc.contents;
  if (!isMap(root) || root.flow) return 'root is not a block mapping';
  const byPlaceholder = new Map(taken.map((item, i) => [item.placeholder, i]));
  const places: { seq: YAMLSeq; index: number; key: string }[] = new Array(taken.length);
  let found = 0;
  for (const pair of root.items) {
    const seq = pair.value;
    if (!isSeq(seq) || seq.flow || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    for (let index = 0; index < seq.items.length; index++) {
      const item = seq.items[index];
      const i = isScalar(item) && item.range ? byPlaceholder.get(item.range[0]) : undefined;
      if (i === undefined) continue;
      places[i] = { seq: seq as YAMLSeq, index, key: pair.key.value };
      found++;
    }
  }
  if (found !== taken.length) return 'placeholders not where expected';

  // The items, each parsed in place (offsets into the text) and composed alone: its CST dies here.
  const items: { node: Node; data: unknown }[] = [];
  for (const item of taken) {
    // Offsets into the whole text, so the item's AST needs no shifting.
    const parsed = parseChunk(text.slice(item.start, item.end), limits.maxDepth - 1, item.start);
    if (typeof parsed === 'string') return parsed;
    items.push({ node: parsed.item, data: parsed.data });
  }

  // The skeleton's ranges: past each placeholder, moved by how much longer its item is.
  shiftSkeleton(doc, taken);
  const data = skeleton.data as Record<string, unknown[]>;
  const copied = new Set<string>();
  for (const [i, place] of places.entries()) {
    place.seq.items[place.index] = items[i]!.node;
    if (!copied.has(place.key)) {
      copied.add(place.key);
      data[place.key] = data[place.key]!.slice();
    }
    data[place.key]![place.index] = items[i]!.data;
  }
  const sheet: ParsedSheet = { text, yaml: doc, data, problems: [] };
  markAnchorFree(sheet);
  return sheet;
}

/**
 * The items of the root mapping's block sequences that can be parsed alone: in the lines after a
 * `key:` line at column 0 (no comment on it) whose first content line is a `-` line at column c, up to
 * the next content line at column 0, the `-` lines at column c right after a content line with no `#`
 * (the key line, or the last line of the item before). Such an item is taken when its chunk (its `-`
 * line up to the end of its last content line, as `chunkOf` finds it) has all its lines after the `-`
 * line deeper than c (comments included), no `#` on its last line, and is followed by a content line
 * or the end of the text: no blank or comment line next to it gives it a comment or `spaceBefore` that
 * the item parsed alone would not have. The others stay in the skeleton, which must then show every
 * taken one as an item of such a sequence (`parseSheetItemwise` checks).
 *
 * One pass over the lines, by character codes (no substring is made).
 */
function takeItems(text: string): Taken[] {
  const out: Taken[] = [];
  /** The `-` column of the sequence being read; undefined outside one; null after a key line, before its first content line. */
  let column: number | null | undefined;
  /** The item being read: its start, the end of its last content line so far (-1: not takeable), whether that line has a `#`. */
  let item: { start: number; end: number; hash: boolean } | undefined;
  /** After the item's last content line: a blank or comment line was seen. */
  let gap = false;
  /** The previous content line had no `#` (a `-` line after it may start an item). */
  let plainBefore = false;
  const close = () => {
    if (item && item.end >= 0 && !gap && !item.hash) out.push({ start: item.start, end: item.end, column: column!, placeholder: -1 });
    item = undefined;
  };
  /** The first `#` at or after the current line (text.length when none): one native scan for the whole text. */
  let nextHash = -1;
  let line = 0;
  while (line < text.length) {
    let lineEnd = text.indexOf('\n', line);
    if (nextHash < line) {
      nextHash = text.indexOf('#', line);
      if (nextHash < 0) nextHash = text.length;
    }
    // A last line without a line break is never part of a taken item (as `chunkOf` has it).
    const last = lineEnd < 0;
    if (last) lineEnd = text.length;
    let i = line;
    while (text.charCodeAt(i) === 0x20) i++;
    const indent = i - line;
    const code = text.charCodeAt(i);
    if (i >= lineEnd || code === 0x23) {
      // A blank or comment line: inside the item if more of its content follows, else a gap after it;
      // and an item right after it would get a spaceBefore or commentBefore from it.
      plainBefore = false;
      if (item) {
        if (code === 0x23 && indent <= column!) item.end = -1;
        gap = true;
      }
    } else {
      const hash = nextHash < lineEnd;
      if (item && indent > column!) {
        if (item.end >= 0) item.end = last ? -1 : lineEnd + 1;
        item.hash = hash;
        gap = false;
      } else {
        close();
        if (indent === 0) column = !hash && isKeyLine(text, line, lineEnd) ? null : undefined;
        else {
          if (column === null) column = dashAt(text, i) ? indent : undefined;
          if (column !== undefined && column !== null && indent === column && dashAt(text, i) && plainBefore) {
            item = { start: line, end: last ? -1 : lineEnd + 1, hash };
            gap = false;
          }
        }
      }
      plainBefore = !hash;
    }
    if (last) break;
    line = lineEnd + 1;
  }
  close();
  return out;
}

/** A `-` at `at` followed by a space or a line break: a block-sequence item's indicator. */
const dashAt = (text: string, at: number) => text.charCodeAt(at) === 0x2d && (text.charCodeAt(at + 1) === 0x20 || text.charCodeAt(at + 1) === 0x0a);

/** `key:` at column 0 with nothing after the colon but spaces (the caller has checked that the line has no `#`). */
function isKeyLine(text: string, line: number, lineEnd: number): boolean {
  // Not a space, '#', '-', '?', ':', '[', '{', '"', "'", '%', '!', '|', '>', '@', '`', ',', ']', '}', '.', nor a BOM.
  if (line === lineEnd || ' #-?:[{"\'%!|>@`,]}.\ufeff'.includes(text[line]!)) return false;
  let end = lineEnd;
  while (end > line && text.charCodeAt(end - 1) === 0x20) end--;
  return text.charCodeAt(end - 1) === 0x3a;
}

/**
 * Moves every range offset of the skeleton's nodes (and the document's) at or after a placeholder's
 * end by the length its item adds (item length − placeholder length, summed over the placeholders up
 * to there). The skeleton is small: a walk over its nodes, a binary search per offset.
 */
function shiftSkeleton(doc: Document.Parsed, taken: readonly Taken[]): void {
  const ends: number[] = [];
  const shifts: number[] = [];
  let total = 0;
  for (const item of taken) {
    const placeholderLength = item.column + 4;
    total += item.end - item.start - placeholderLength;
    ends.push(item.placeholder - item.column - 2 + placeholderLength);
    shifts.push(total);
  }
  const move = (offset: number) => {
    // The last placeholder that ends at or before `offset`.
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? offset : offset + shifts[lo - 1]!;
  };
  const shiftRange = (range: number[]) => {
    for (let i = 0; i < range.length; i++) range[i] = move(range[i]!);
  };
  if (doc.range) shiftRange(doc.range);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    if (node.range) shiftRange(node.range);
    if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
    else if (isSeq(node)) for (const child of node.items) stack.push(child);
  }
}
