import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { doc, realService } from '../helpers/service';

const service = realService();
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');

describe('folding ranges', () => {
  it('folds entries, list items and comment blocks of 002, at most one range per line', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml');
    const ranges = service.foldingRanges(doc(text));
    const lines = text.split('\n');
    assert.deepEqual(ranges[0], { startLine: 1, endLine: 17, kind: 'comment' });
    assert.equal(new Set(ranges.map((r) => r.startLine)).size, ranges.length);
    const issue = ranges.find((r) => lines[r.startLine] === '経営課題:');
    assert.ok(issue);
    assert.equal(issue.endLine, lines.length - 2, 'to the last line of text, not the trailing newline');
    const legend = ranges.find((r) => lines[r.startLine] === '凡例:');
    assert.deepEqual(legend, { startLine: 21, endLine: 23 });
    for (const r of ranges) assert.ok(r.endLine > r.startLine && !/^\s*$/.test(lines[r.endLine]!), JSON.stringify(r));
  });
});
