import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byLine, byTop, type LineAnchor, lineAtOffset, offsetForLine } from '../../client/src/preview/webview/scrollSync';

// Three rows of a table: source lines 10, 20, 40 at page offsets 100, 300, 500 (200 px tall each),
// and a nested table's row (line 25) inside the second row.
const anchors: LineAnchor[] = [
  { line: 10, top: 100, height: 200 },
  { line: 20, top: 300, height: 200 },
  { line: 25, top: 350, height: 40 },
  { line: 40, top: 500, height: 200 },
];

describe('scroll sync: line → offset (editor scrolled)', () => {
  const sorted = byLine(anchors);
  it('an anchor line scrolls to its top; a line between anchors interpolates', () => {
    assert.equal(offsetForLine(sorted, 10), 100);
    assert.equal(offsetForLine(sorted, 20), 300);
    assert.equal(offsetForLine(sorted, 15), 200);
    assert.equal(offsetForLine(sorted, 30), 350 + (5 / 15) * 150);
  });
  it('before the first anchor: 0; after the last: inside it, at most its bottom', () => {
    assert.equal(offsetForLine(sorted, 3), 0);
    assert.equal(offsetForLine(sorted, 40.5), 600);
    assert.equal(offsetForLine(sorted, 90), 700);
    assert.equal(offsetForLine([], 5), 0);
  });
});

describe('scroll sync: offset → line (preview scrolled)', () => {
  const sorted = byTop(anchors);
  it('the top of an anchor is its line; between anchors interpolates', () => {
    assert.equal(lineAtOffset(sorted, 100), 10);
    assert.equal(lineAtOffset(sorted, 200), 15);
    assert.equal(lineAtOffset(sorted, 500), 40);
  });
  it('above the first anchor: 0; below the last: its line plus the fraction of it', () => {
    assert.equal(lineAtOffset(sorted, 50), 0);
    assert.equal(lineAtOffset(sorted, 600), 40.5);
    assert.equal(lineAtOffset(sorted, 5000), 41);
  });
  it('round trip: line → offset → line', () => {
    for (const line of [10, 12, 17.5, 20, 22, 40]) assert.ok(Math.abs(lineAtOffset(sorted, offsetForLine(byLine(anchors), line)) - line) < 1e-9, String(line));
  });
  it('is a binary search: a lookup among 100,000 anchors reads about log2(n) of them', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ line: i * 3, top: i * 20, height: 20 }));
    // Count the anchors read (index accesses), not the time: a linear scan reads thousands.
    let reads = 0;
    const counted = new Proxy(many, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    for (let i = 0; i < 1_000; i++) lineAtOffset(counted, (i * 1_997) % 2_000_000);
    assert.ok(reads / 1_000 <= 3 * Math.ceil(Math.log2(many.length)), `${reads / 1_000} anchors read per lookup`);
    assert.equal(lineAtOffset(many, 20 * 500 + 10), 1501.5);
  });
});
