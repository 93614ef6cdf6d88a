import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { type Document, type Scalar, visit, type YAMLMap } from 'yaml';
import fc from 'fast-check';
import { indexScalars, mapAt, scalarAt } from '../../server/src/service/fixes';
import { configurePropertyTests, splicedSheets } from '../helpers/property';
import { parseSheet } from '../../server/src/service/parse';
import { sheetOfLines } from '../helpers/sheetGen';

/** The index as yaml's `visit` builds it (the former implementation): the reference. */
function byVisit(yaml: Document.Parsed): { scalars: Scalar[]; maps: Map<number, YAMLMap> } {
  const scalars: Scalar[] = [];
  const maps = new Map<number, YAMLMap>();
  visit(yaml, {
    Scalar(_key, node) {
      if (node.range) scalars.push(node);
    },
    Map(_key, node) {
      if (node.range && !maps.has(node.range[0])) maps.set(node.range[0], node);
    },
  });
  scalars.sort((a, b) => a.range![0] - b.range![0]);
  return { scalars, maps };
}

configurePropertyTests();

const dir = resolve(__dirname, '../../samples');
const texts = [
  ...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(resolve(dir, f), 'utf8')),
  sheetOfLines('区運営方針', 400, 3),
  '様式: 区運営方針\n? {a: 1, b: [x, {c: d}]}\n: v\nx: &a [1, {k: v}]\ny: *a\nz: [p: q, r]\n',
  '様式: 振り返りシート\n柱:\n  - 番号: 1\n    名称: [unclosed\n  - : x\n',
];

/** The former look-up: the last scalar of the sorted list starting at or before `start`, if it reaches `end`. */
function referenceScalarAt(scalars: Scalar[], start: number, end: number): Scalar | undefined {
  let found: Scalar | undefined;
  for (const s of scalars) if (s.range![0] <= start) found = s;
  return found && found.range![1] >= end ? found : undefined;
}

/** Every look-up the service makes (problem ranges on and around each scalar, every offset) answers as the sorted list did. */
function assertSameLookups(text: string): void {
  const yaml = parseSheet(text).yaml;
  if (!yaml) return;
  const reference = byVisit(yaml);
  const index = indexScalars(yaml);
  const offsets = new Set<number>();
  for (const s of reference.scalars) for (const o of [s.range![0] - 1, s.range![0], s.range![0] + 1, s.range![1] - 1, s.range![1], s.range![1] + 1]) offsets.add(o);
  for (const at of reference.maps.keys()) offsets.add(at);
  // Every offset of a short text; on a long one the offsets around nodes and a stride.
  for (let o = 0; o <= text.length; o += text.length < 3000 ? 1 : 97) offsets.add(o);
  for (const o of offsets) {
    for (const end of [o, o + 1, o + 3]) {
      assert.equal(scalarAt(index, o, end), referenceScalarAt(reference.scalars, o, end), `scalar at [${o}, ${end}) of ${JSON.stringify(text.slice(0, 60))}`);
    }
    assert.equal(mapAt(index, o), reference.maps.get(o), `map at ${o}`);
  }
  // The scalars themselves, whole.
  for (const s of reference.scalars) assert.equal(scalarAt(index, s.range![0], s.range![1]), referenceScalarAt(reference.scalars, s.range![0], s.range![1]));
}

describe('indexScalars (look-up by descent)', () => {
  it('finds the same scalar and mapping at every offset as a sorted list of every scalar (yaml.visit)', () => {
    for (const text of texts) assertSameLookups(text);
  });

  it('the same on sheets broken mid-edit (syntax errors, flow collections, complex keys, aliases)', () => {
    const inserts = ['[', ']', '{', '}', '? ', ': ', '- ', '\n', '\n  ', '"', "'", '&a ', '*a', '#', ',', '|\n', 'x'];
    fc.assert(fc.property(splicedSheets(texts.slice(-3), inserts, 8), (text) => assertSameLookups(text)), { numRuns: 60 });
  });
});
