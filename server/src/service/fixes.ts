/**
 * Fixes of mechanical problems, computed once per document version where the problems are found
 * (`attachFixes`, called by the language service) and carried in `Diagnostic.data.fix`. The code
 * action handler and `policy-sheets check --fix` only apply them.
 *
 * A fix edits the text of the one node it is about — a scalar's characters, keeping its quoting
 * style, or a new `key:` line in one mapping — never a re-serialised document, so comments, blank
 * lines, quoting and key order elsewhere stay byte-for-byte the same.
 *
 * Each check says what is right in its `data` (`replacement`, `expected`, `suggestion`,
 * `missingProperty` …); this module turns that into text edits on the YAML AST.
 */
import { type Document, isMap, isNode, isPair, isScalar, isSeq, parse as parseYaml, type Scalar, type YAMLMap } from 'yaml';
import { DiagnosticCode } from './diagnosticCodes';
import { normalizeWeekday } from './domain/dates';
import { memoByText } from './domain/memo';
import { toAsciiDigits } from './domain/era';
import type { ParsedSheet } from './parse';
import type { Fix, OffsetEdit, Problem } from './problem';
import { keyOf, locate } from './yamlPath';

/**
 * A look-up of the scalar or mapping under a problem, by descent through the AST (children are in
 * source order, so each level is a binary search): O(depth × log(width)) per look-up and nothing
 * built per version, so a document edited in one place costs nothing here for its other nodes.
 * A document with syntax errors can have collections that start after their first child (the
 * parser's recovery), so there the former index is built once: every scalar sorted by start
 * offset and the mappings by start. Both answer alike (test/unit/indexScalars.test.ts).
 */
export interface ScalarIndex {
  /** The document looked in. */
  readonly yaml: Document.Parsed;
  /** The sorted index, built on the first look-up in a document with syntax errors. */
  sorted?: { scalars: Scalar[]; maps: Map<number, YAMLMap> };
  /** The scalar the last `scalarAt` found (for `attachFixes`, which keeps it with the fix). */
  lastFound?: Scalar;
}

/** The look-up of `yaml` (no walk here: each look-up descends from the root). */
export function indexScalars(yaml: Document.Parsed): ScalarIndex {
  return { yaml };
}

/** The sorted index of every scalar with a source range and every mapping by where it starts (first one in pre-order). */
function sortedIndex(yaml: Document.Parsed): { scalars: Scalar[]; maps: Map<number, YAMLMap> } {
  const scalars: Scalar[] = [];
  const maps = new Map<number, YAMLMap>();
  // Pre-order and in source order, as yaml's `visit` (first map at an offset wins), without its
  // frozen path per node. An alias is a node of its own and is not followed: no loop on cycles.
  const stack: unknown[] = [yaml.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isScalar(node)) {
      if (node.range) scalars.push(node);
    } else if (isMap(node)) {
      if (node.range && !maps.has(node.range[0])) maps.set(node.range[0], node);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  scalars.sort((a, b) => a.range![0] - b.range![0]);
  return { scalars, maps };
}

/** The sorted index when the document has syntax errors, else undefined (descend instead). */
function recovered(index: ScalarIndex): { scalars: Scalar[]; maps: Map<number, YAMLMap> } | undefined {
  if (index.yaml.errors.length === 0) return undefined;
  return (index.sorted ??= sortedIndex(index.yaml));
}

/** A node's children in source order: a pair's key then value, a collection's items. */
function childrenOf(node: unknown): readonly unknown[] | undefined {
  if (isPair(node)) return [node.key, node.value];
  if (isMap(node) || isSeq(node)) return node.items;
  return undefined;
}

/** Where a node (or a pair: its key, else its value) starts; undefined without a range. */
function startOf(node: unknown): number | undefined {
  if (isPair(node)) return startOf(node.key) ?? startOf(node.value);
  return isNode(node) && node.range ? node.range[0] : undefined;
}

/**
 * The last scalar in source order that starts at or before `offset` under `node` (pre-order, later
 * wins among equal starts), or undefined. An alias is a node of its own and is not followed, so
 * cyclic data cannot loop; the depth is the AST's, which the parser bounds.
 */
function lastScalarFrom(node: unknown, offset: number): Scalar | undefined {
  if (isScalar(node)) return node.range && node.range[0] <= offset ? node : undefined;
  const children = childrenOf(node);
  if (!children || children.length === 0) return undefined;
  // The last child starting at or before `offset`: a binary search (children are in source
  // order); a child without a range (none in a parsed document) makes every child a candidate.
  let from = -1;
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = startOf(children[mid]);
    if (start === undefined) {
      from = children.length - 1;
      break;
    }
    if (start <= offset) {
      from = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = from; i >= 0; i--) {
    const scalar = lastScalarFrom(children[i], offset);
    if (scalar) return scalar;
  }
  return undefined;
}

/** The last of `scalars` (sorted by start) that starts at or before `offset`, by binary search. */
function lastStartingBy(scalars: readonly Scalar[], offset: number): Scalar | undefined {
  let lo = 0;
  let hi = scalars.length - 1;
  let found: Scalar | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = scalars[mid]!;
    if (s.range![0] <= offset) {
      found = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The scalar whose source range contains [start, end), or undefined (scalars never nest). */
export function scalarAt(index: ScalarIndex, start: number, end: number): Scalar | undefined {
  const sorted = recovered(index);
  const found = sorted ? lastStartingBy(sorted.scalars, start) : lastScalarFrom(index.yaml.contents, start);
  index.lastFound = found && found.range![1] >= end ? found : undefined;
  return index.lastFound;
}

/** The outermost mapping whose range starts at `offset` (its first key), for problems placed on that key. */
export function mapAt(index: ScalarIndex, offset: number): YAMLMap | undefined {
  const sorted = recovered(index);
  if (sorted) return sorted.maps.get(offset);
  let node: unknown = index.yaml.contents;
  while (node !== undefined) {
    if (isMap(node) && node.range && node.range[0] === offset) return node;
    const children = childrenOf(node);
    if (!children) return undefined;
    // The child whose subtree can hold `offset`: the last one starting at or before it.
    let next: unknown;
    for (let i = children.length - 1; i >= 0; i--) {
      const start = startOf(children[i]);
      if (start !== undefined && start <= offset) {
        next = children[i];
        break;
      }
    }
    node = next;
  }
  return undefined;
}

/**
 * True when `value` can be written as a plain scalar anywhere (block or flow context) and reads
 * back as the same string under YAML 1.2's core schema. Conservative: when in doubt, quote.
 */
export const isPlainSafe = memoByText(readPlainSafe);

/** `isPlainSafe` itself: parses `k: value` (memoised by text above: fixes are recomputed per version). */
function readPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /[,[\]{}]|: |:$| #/.test(value)) return false;
  try {
    return parseYaml(`k: ${value}`, { version: '1.2', schema: 'core' })?.k === value;
  } catch {
    return false;
  }
}

/** `value` as the source of a scalar of the same style as `node` (plain falls back to double quotes). */
function scalarSource(node: Scalar, value: string): string | undefined {
  switch (node.type) {
    case 'QUOTE_SINGLE':
      return /[\n\r]/.test(value) ? undefined : `'${value.replace(/'/g, "''")}'`;
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value); // a JSON string is a valid YAML double-quoted scalar
    case 'PLAIN':
    case undefined:
      return isPlainSafe(value) ? value : JSON.stringify(value);
    default:
      return undefined; // block scalars are only edited inside (sub-range)
  }
}

/**
 * An edit that makes the scalar under [start, end) read `value`: the whole scalar is rewritten in
 * its own quoting style when the range covers it; a strict sub-range (a mark inside its quotes, a
 * year inside a sentence) is replaced in place when the new characters need no escaping there.
 */
function replaceScalar(sheet: ParsedSheet, index: ScalarIndex, start: number, end: number, value: string): OffsetEdit | undefined {
  const node = scalarAt(index, start, end);
  if (!node) return undefined;
  const [nodeStart, nodeEnd] = node.range!;
  const source = sheet.text.slice(nodeStart, nodeEnd);
  const whole = start <= nodeStart && end >= nodeEnd;
  const content = contentRange(node, sheet.text);
  if (whole || (content && start <= content[0] && end >= content[1])) {
    if (/[\n\r]/.test(source)) return undefined; // a multi-line scalar is never rewritten whole
    const newText = scalarSource(node, value);
    return newText === undefined ? undefined : { start: nodeStart, end: nodeEnd, newText };
  }
  // Sub-range: the characters replaced must be exactly the characters of the value there.
  const inert = node.type === 'QUOTE_DOUBLE' ? !/["\\\n\r]/.test(value) : node.type === 'QUOTE_SINGLE' ? !/['\n\r]/.test(value) : !/[\n\r#:]/.test(value);
  if (!inert) return undefined;
  if (node.type === 'PLAIN' || node.type === undefined) {
    const after = source.slice(0, start - nodeStart) + value + source.slice(end - nodeStart);
    if (!/[\n\r]/.test(after) && !isPlainSafe(after)) return undefined;
  }
  return { start, end, newText: value };
}

/** Offsets of a single-line scalar's characters inside its quotes (the whole node for plain scalars). */
function contentRange(node: Scalar, text: string): [number, number] | undefined {
  const [s, e] = node.range!;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return text[s] === text[e - 1] ? [s + 1, e - 1] : undefined;
  return [s, e];
}

/** Full-width digits, decimal point and thousands commas as a plain YAML number, if that is all the text is. */
export function halfWidthNumber(text: string, integer: boolean): string | undefined {
  const s = toAsciiDigits(text.trim()).replace(/．/g, '.').replace(/[，,](?=\d{3}(?:\D|$))/g, '').replace(/^[－−]/, '-');
  const pattern = integer ? /^-?\d+$/ : /^-?\d+(?:\.\d+)?$/;
  return pattern.test(s) && s !== text.trim() ? s.replace(/^(-?)0+(?=\d)/, '$1') : undefined;
}

/**
 * An edit inserting `key:` into the mapping at `path`, after its last entry, on its own line at the
 * entries' indentation (`, key:` in a flow mapping). The value is left empty as the placeholder:
 * the schema goes on reporting it (「いまは空」) until staff write it, so nothing is hidden.
 * Undefined when the mapping cannot be found in the source.
 */
function insertKey(sheet: ParsedSheet, map: YAMLMap, key: string): OffsetEdit | undefined {
  const keySource = isPlainSafe(key) ? key : JSON.stringify(key);
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (!first || !last || !isScalar(first.key) || !first.key.range) return undefined;
  const lastEnd = (last.value as { range?: number[] } | null)?.range?.[1] ?? (last.key as { range?: number[] } | null)?.range?.[1];
  if (lastEnd === undefined) return undefined;
  if (map.flow) return { start: lastEnd, end: lastEnd, newText: `, ${keySource}:` };
  const text = sheet.text;
  const firstStart = first.key.range[0];
  const indent = ' '.repeat(firstStart - (text.lastIndexOf('\n', firstStart - 1) + 1));
  // The end of the last entry's text (back over trailing blank lines), then the end of that line.
  let end = lastEnd;
  while (end > firstStart && /\s/.test(text[end - 1]!)) end--;
  let at = text.indexOf('\n', end);
  if (at < 0) at = text.length;
  const crlf = at > 0 && text[at - 1] === '\r';
  if (crlf) at--;
  return { start: at, end: at, newText: `${crlf ? '\r\n' : '\n'}${indent}${keySource}:` };
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The fix that makes the scalar under `problem` read `value` (undefined without a value or when the
 * node cannot be edited safely). Module-level, as `written`: fixFor runs for every problem of every
 * version, most of which have no fix, and makes no closure for them.
 */
function replacing(problem: Problem, sheet: ParsedSheet, index: ScalarIndex, value: string | undefined, title: (v: string) => string, safe = true): Fix | undefined {
  if (value === undefined) return undefined;
  const edit = replaceScalar(sheet, index, problem.start, problem.end, value);
  return edit ? { title: title(value), edits: [edit], safe } : undefined;
}

/** The string value of the scalar under `problem`, if it is one. */
function written(problem: Problem, index: ScalarIndex): string | undefined {
  const node = scalarAt(index, problem.start, problem.end);
  return node && typeof node.value === 'string' ? node.value : undefined;
}

/** The fix of one problem, or undefined when it has none (or its node cannot be edited safely). */
export function fixFor(problem: Problem, sheet: ParsedSheet, index: ScalarIndex): Fix | undefined {
  const data = (problem.data !== null && typeof problem.data === 'object' ? problem.data : {}) as Data;
  const { start, end } = problem;
  switch (problem.code) {
    case DiagnosticCode.indicatorLookalikeMark:
      return replacing(problem, sheet, index, str(data.replacement), (v) => `凡例の文字「${v}」に直す`);
    case DiagnosticCode.indicatorMarkMismatch:
      return replacing(problem, sheet, index, str(data.expected), (v) => `マークを「${v}」に直す`);
    case DiagnosticCode.fiscalYearInvalidEra:
    case DiagnosticCode.fiscalYearMixedEra:
    case DiagnosticCode.fiscalYearSameYearTwoNames:
      return replacing(problem, sheet, index, str(data.replacement), (v) => `「${v}」に直す`);
    case DiagnosticCode.minutesWeekdayMismatch: {
      // The date's weekday in the one form 曜日 allows (one kanji, no brackets: the schema's enum),
      // whatever form was written: 金曜日 → 木, not 木曜日, which schema/enum would still report.
      const expected = str(data.expected);
      const now = written(problem, index);
      if (!expected || !now || !normalizeWeekday(now)) return undefined;
      return replacing(problem, sheet, index, expected, () => `曜日を「${expected}」に直す`);
    }
    case DiagnosticCode.schemaAdditionalProperty: {
      const suggestion = str(data.suggestion);
      const property = str(data.property);
      const path = Array.isArray(data.path) ? (data.path as (string | number)[]) : undefined;
      if (!suggestion || !property || !path || !sheet.yaml) return undefined;
      // Never rename onto a key the mapping already has (that would make a duplicate key).
      const located = locate(sheet.yaml, path);
      if (located.depth !== path.length || !isMap(located.node) || keyOf(located.node, suggestion)) return undefined;
      // A one-character key is too short for its nearest neighbour to be certain: offered, not applied by fix-all.
      return replacing(problem, sheet, index, suggestion, (v) => `キーを「${v}」に直す`, property.length >= 2 && suggestion.length >= 2);
    }
    case DiagnosticCode.schemaEnum: {
      // A padded value (阿倍野 区, 実施　中) whose characters are one of the allowed values.
      const now = written(problem, index);
      const allowed = Array.isArray(data.allowed) ? data.allowed : [];
      const squeezed = now?.replace(/[\s\u3000\u00a0]+/g, '');
      if (!now || squeezed === now || !allowed.includes(squeezed)) return undefined;
      return replacing(problem, sheet, index, squeezed, (v) => `空白を除いて「${v}」にする`);
    }
    case DiagnosticCode.schemaType: {
      // A full-width number where the schema wants a number: its half-width value, unquoted.
      // validation.ts's number problem carries the half-width number as `replacement`; a plain type
      // error carries the expected types.
      const types = Array.isArray(data.expected) ? data.expected : typeof data.expected === 'string' ? data.expected.split(',') : [];
      const node = scalarAt(index, start, end);
      const numeric = types.includes('number') || types.includes('integer');
      if (!node || typeof node.value !== 'string' || (!numeric && typeof data.replacement !== 'string')) return undefined;
      const number = numeric ? halfWidthNumber(node.value, !types.includes('number')) : str(data.replacement);
      if (number === undefined || node.range![0] !== start || node.range![1] !== end) return undefined;
      return { title: `半角の数値 ${number} に直す`, edits: [{ start, end, newText: number }], safe: true };
    }
    case DiagnosticCode.schemaRequired:
    case DiagnosticCode.indicatorMissingSource: {
      const key = str(data.missingProperty);
      // The mapping: by its data path (schema problems), or the one whose first key the problem is on.
      const path = Array.isArray(data.path) ? (data.path as (string | number)[]) : undefined;
      const located = path && sheet.yaml ? locate(sheet.yaml, path) : undefined;
      const map = located ? (located.depth === path!.length && isMap(located.node) ? (located.node as YAMLMap) : undefined) : mapAt(index, start);
      if (!key || !map) return undefined;
      const edit = insertKey(sheet, map, key);
      // A scaffold, not a fix: the value is still to be written, so fix-all leaves it to staff.
      return edit ? { title: `「${key}:」を追加する`, edits: [edit], safe: false } : undefined;
    }
    case DiagnosticCode.wardUnknownName:
      return replacing(problem, sheet, index, str(data.replacement), (v) => `「${v}」に直す`, false);
    case DiagnosticCode.dateInvalid:
      // A real day named in the wrong era (minutes' 日時.日付): certain, but a date staff should see changed.
      return replacing(problem, sheet, index, str(data.replacement), (v) => `「${v}」に直す`, false);
    case DiagnosticCode.deadlineCompletedUnmet:
      return replacing(problem, sheet, index, str(data.replacement), (v) => `実施状況を「${v}」にする`, false);
    default:
      return undefined;
  }
}

/**
 * A fix (or none) found for a problem, kept with the problem's `data` object: a memoised check
 * (checks/itemMemo.ts) hands the same `data` object again while the item around the problem is
 * unchanged, so the next version's fix is this one moved, found without descending the AST.
 */
interface KeptFix {
  code: string;
  /** The problem's length when the fix was found. */
  length: number;
  /** The scalar the fix was read from, its start relative to the problem's, and its source text. */
  node: Scalar;
  nodeOffset: number;
  source: string;
  /** The fix with offsets relative to the problem's start, or undefined for none. */
  fix: Fix | undefined;
}

const keptFixes = new WeakMap<object, KeptFix>();

/** Fixes (or their absence) of scalar-fix codes reused and looked up by every service of the process, for tests and the profile (counts only). */
export const fixReuseStats = { reused: 0, computed: 0 };

/**
 * Codes whose fix depends only on the problem (code, range, data) and the scalar under it, found by
 * `scalarAt(problem.start, problem.end)`: the same scalar with the same text gives the same fix.
 * The others (a key inserted in a mapping, a key renamed next to its siblings) look further.
 */
const scalarFixCodes: ReadonlySet<string> = new Set([
  DiagnosticCode.indicatorLookalikeMark,
  DiagnosticCode.indicatorMarkMismatch,
  DiagnosticCode.fiscalYearInvalidEra,
  DiagnosticCode.fiscalYearMixedEra,
  DiagnosticCode.fiscalYearSameYearTwoNames,
  DiagnosticCode.minutesWeekdayMismatch,
  DiagnosticCode.schemaEnum,
  DiagnosticCode.schemaType,
  DiagnosticCode.wardUnknownName,
  DiagnosticCode.deadlineCompletedUnmet,
]);

const movedFix = (fix: Fix, by: number): Fix => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) });

/**
 * `fixFor`, reusing the fix found for the same `data` object in an earlier version when the problem
 * has the same code and length and the same scalar (same node object, same text) lies at the same
 * place relative to it: what `fixFor` reads is then the same text, moved.
 */
function fixReusing(problem: Problem, sheet: ParsedSheet, index: ScalarIndex): Fix | undefined {
  const data = problem.data;
  if (data === null || typeof data !== 'object' || !scalarFixCodes.has(problem.code)) return fixFor(problem, sheet, index);
  const kept = keptFixes.get(data);
  if (kept && kept.code === problem.code && kept.length === problem.end - problem.start) {
    const range = kept.node.range;
    if (range && range[0] - problem.start === kept.nodeOffset && sheet.text.slice(range[0], range[1]) === kept.source) {
      fixReuseStats.reused++;
      return kept.fix && movedFix(kept.fix, problem.start);
    }
  }
  fixReuseStats.computed++;
  index.lastFound = undefined;
  const fix = fixFor(problem, sheet, index);
  const node = index.lastFound as Scalar | undefined;
  if (node?.range) {
    keptFixes.set(data, { code: problem.code, length: problem.end - problem.start, node, nodeOffset: node.range[0] - problem.start, source: sheet.text.slice(node.range[0], node.range[1]), fix: fix && movedFix(fix, -problem.start) });
  }
  return fix;
}

/**
 * Returns `problems` with their fixes attached (`Problem.fix`). Computed once per document version
 * by the language service; problems without a mechanical fix are returned unchanged.
 */
export function attachFixes(sheet: ParsedSheet, problems: readonly Problem[], scalars?: ScalarIndex): Problem[] {
  if (!sheet.yaml || problems.length === 0) return [...problems];
  const index = scalars ?? indexScalars(sheet.yaml);
  // While the YAML itself is broken, what the schema says about it is a guess: offer, never apply all.
  // Duplicate keys too: the data then holds one of the values and the AST path finds the other.
  const broken = sheet.yaml.errors.length > 0 || problems.some((p) => p.code === DiagnosticCode.yamlDuplicateKey);
  return problems.map((problem) => {
    if (problem.fix) return problem;
    try {
      const found = fixReusing(problem, sheet, index);
      // An edit that writes what is already there fixes nothing (the problem lies elsewhere).
      const fix = found && found.edits.every((e) => sheet.text.slice(e.start, e.end) === e.newText) ? undefined : found;
      return fix ? { ...problem, fix: broken ? { ...fix, safe: false } : fix } : problem;
    } catch {
      return problem; // a fix is a convenience: never lose the problem over it
    }
  });
}

// When two fixes touch the same text (a look-alike mark that also disagrees with its value), the
// more specific one wins: the implied mark is also the legend's character.
const priority: Partial<Record<string, number>> = { [DiagnosticCode.indicatorMarkMismatch]: 0, [DiagnosticCode.indicatorLookalikeMark]: 1 };

/**
 * The safe fixes of `problems` that can be applied together: sorted by priority then position,
 * dropping any fix whose edits overlap an edit already taken. Returns the fixes with their problems.
 */
export function compatibleFixes(problems: readonly Problem[]): { problem: Problem; fix: Fix }[] {
  const candidates = problems
    .filter((p): p is Problem & { fix: Fix } => p.fix?.safe === true)
    .sort((a, b) => (priority[a.code] ?? 2) - (priority[b.code] ?? 2) || a.start - b.start);
  const taken: OffsetEdit[] = [];
  const out: { problem: Problem; fix: Fix }[] = [];
  for (const problem of candidates) {
    const overlaps = problem.fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === t.start && e.end === t.end)));
    if (overlaps) continue;
    taken.push(...problem.fix.edits);
    out.push({ problem, fix: problem.fix });
  }
  return out.sort((a, b) => a.problem.start - b.problem.start);
}

/**
 * Applies non-overlapping edits to `text` from the last to the first, so earlier offsets stay
 * valid. Throws RangeError when two edits overlap or an edit lies outside the text.
 */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = text.length;
  for (const edit of sorted) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > limit) throw new RangeError(`edit [${edit.start}, ${edit.end}) overlaps another or lies outside the text`);
    out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}
