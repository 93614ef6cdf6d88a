import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoByText } from '../../server/src/service/domain/memo';
import { findDates } from '../../server/src/service/domain/textDates';

describe('memoByText', () => {
  it('reads each text once per other arguments, and returns the same result', () => {
    const calls: string[] = [];
    const read = memoByText((text: string, era?: string) => (calls.push(`${era}:${text}`), { length: text.length, era }));
    const first = read('令和6年度', '令和');
    assert.equal(read('令和6年度', '令和'), first);
    assert.deepEqual(read('令和6年度', '平成'), { length: 5, era: '平成' });
    assert.deepEqual(read('令和6年度'), { length: 5, era: undefined });
    assert.equal(read('令和6年度', '平成').era, '平成');
    assert.deepEqual(calls, ['令和:令和6年度', '平成:令和6年度', 'undefined:令和6年度']);
  });

  it('keeps at most maxEntries results (emptied when full)', () => {
    let calls = 0;
    const read = memoByText((text: string) => (calls++, text.length), 2);
    read('a');
    read('b');
    read('c'); // full: emptied, then c
    read('c');
    read('a');
    assert.equal(calls, 4);
  });

  it('findDates gives the same mentions memoised as read fresh, for each fiscal year', () => {
    const text = '令和5年4月31日と4月31日、R6.12末';
    const a = findDates(text, '令和', 2023);
    const b = findDates(text, '令和', 2024);
    assert.equal(findDates(text, '令和', 2023), a);
    assert.ok(a.some((d) => d.problem));
    assert.deepEqual(b.map((d) => d.text), a.map((d) => d.text));
  });
});
