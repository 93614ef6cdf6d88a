import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { type Scalar, visit, type YAMLMap } from 'yaml';
import { indexScalars } from '../../server/src/service/fixes';
import { parseSheet } from '../../server/src/service/parse';
import { sheetOfLines } from '../helpers/sheetGen';

/** The index as yaml's `visit` builds it (the former implementation): the reference. */
function byVisit(text: string): { scalars: Scalar[]; maps: Map<number, YAMLMap> } {
  const yaml = parseSheet(text).yaml!;
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

const dir = resolve(__dirname, '../../samples');
const texts = [
  ...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(resolve(dir, f), 'utf8')),
  sheetOfLines('区運営方針', 400, 3),
  '様式: 区運営方針\n? {a: 1, b: [x, {c: d}]}\n: v\nx: &a [1, {k: v}]\ny: *a\nz: [p: q, r]\n',
  '様式: 振り返りシート\n柱:\n  - 番号: 1\n    名称: [unclosed\n  - : x\n',
];

describe('indexScalars', () => {
  it('indexes the same scalars (in order) and maps as a walk with yaml.visit', () => {
    for (const text of texts) {
      const reference = byVisit(text);
      const yaml = parseSheet(text).yaml!;
      const got = indexScalars(yaml);
      const ranges = (scalars: Scalar[]) => scalars.map((s) => `${s.range!.join(',')}=${String(s.value)}`);
      assert.deepEqual(ranges(got.scalars), ranges(reference.scalars));
      assert.deepEqual([...got.maps.keys()], [...reference.maps.keys()]);
      for (const [at, map] of got.maps) assert.deepEqual(map.range, reference.maps.get(at)!.range);
    }
  });
});
