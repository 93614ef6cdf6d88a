// The full parse as the reference: an AST dump for deep comparison, and random text edits (incremental and itemwise parse tests).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import { parseSheet, type ParsedSheet } from '../../server/src/service/parse';

/** Everything of the AST the service reads: node kinds, ranges, values, scalar styles, flow, anchors; comments too. */
export function dump(sheet: ParsedSheet): unknown {
  const walk = (node: unknown): unknown => {
    if (isPair(node)) return { key: walk(node.key), value: walk(node.value) };
    if (!isNode(node)) return node === null || node === undefined ? node : `?${typeof node}`;
    const common = { range: node.range, anchor: node.anchor, tag: node.tag, comment: node.comment, before: node.commentBefore, space: node.spaceBefore };
    if (isScalar(node)) return { scalar: node.value, type: node.type, source: node.source, ...common };
    if (isAlias(node)) return { alias: node.source, ...common };
    if (isMap(node) || isSeq(node)) return { [isMap(node) ? 'map' : 'seq']: node.items.map(walk), flow: node.flow, ...common };
    return { unknown: true };
  };
  const doc = sheet.yaml;
  return doc ? { range: doc.range, contents: walk(doc.contents), errors: doc.errors.map((e) => [e.code, e.pos]), warnings: doc.warnings.map((e) => [e.code, e.pos]), comment: doc.comment, before: doc.commentBefore } : undefined;
}

/** Asserts that `incremental` (a parse made another way) is what `parseSheet(text)` gives: problems, data and AST. */
export function assertSameAsFull(incremental: ParsedSheet, text: string, context: string): void {
  const full = parseSheet(text);
  assert.equal(incremental.text, text, context);
  assert.deepEqual(incremental.problems, full.problems, `problems: ${context}`);
  assert.deepEqual(incremental.data, full.data, `data: ${context}`);
  assert.deepEqual(dump(incremental), dump(full), `AST: ${context}`);
}

/** One edit: replace [at, at + cut) by `insert` (offsets taken modulo the text's length). */
export interface Edit {
  at: number;
  cut: number;
  insert: string;
}

/** Typing inside a value: what most edits are. */
const typing = ['x', 'あ', '1', '実施X', '実施中', '', ' ', '全24区', '令和7年度', ' # メモ'];
/** Edits of the structure, and the characters that make a splice unsafe. */
const structural = ['  ', '\n', '-', '- ', ': ', '"', "'", '#', '[', ']', '{', '&a ', '*a', '\t', '\r', '|\n', '\n    追加: 値', '\n  - 新しい行\n', '\n-\n', '\n---\n', '\n\n', '\n    # メモ', '\n  # メモ\n'];
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: fc.nat(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 2 })), insert: fc.constantFrom(...typing) }) },
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 4 }), fc.nat({ max: 40 })), insert: fc.constantFrom(...structural) }) },
);

export function apply(text: string, { at, cut, insert }: Edit): string {
  const from = at % (text.length + 1);
  return text.slice(0, from) + insert + text.slice(Math.min(text.length, from + cut));
}
