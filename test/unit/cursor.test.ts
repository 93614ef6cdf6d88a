import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorContext } from '../../server/src/service/cursor';
import { atCursor } from '../helpers/cursor';

function context(text: string) {
  const { document, offset } = atCursor(text);
  return cursorContext(document.getText(), offset);
}

describe('cursor context', () => {
  it('reads the mapping of an empty line from the indentation above, with the keys above and below', () => {
    const c = context('様式: 部会議事概要\n日時:\n  日付: 令和５年12月14日\n  ‸\n  終了: "10:50"\n場所: web\n');
    assert.equal(c.kind, 'key');
    assert.deepEqual(c.kind === 'key' && [c.path, c.present, c.dash], [['日時'], ['日付', '終了'], 'none']);
  });

  it('counts sequence items for the path and tells a typed dash from a needed one', () => {
    const typed = context('議事:\n  - 番号: 1\n  - 番号: 2\n  - ‸\n');
    assert.deepEqual(typed.kind === 'key' && [typed.path, typed.dash], [['議事', 2], 'typed']);
    const needed = context('議事:\n  - 番号: 1\n    件名: a\n  ‸\n');
    assert.deepEqual(needed.kind === 'key' && [needed.path, needed.dash], [['議事', 1], 'needed']);
  });

  it('handles compact sequences (items at the key\'s indentation)', () => {
    const c = context('経営課題:\n- 番号: 5\n  戦略:\n  - 番号: 5-1\n    ‸\n');
    assert.deepEqual(c.kind === 'key' && [c.path, c.present], [['経営課題', 0, '戦略', 0], ['番号']]);
  });

  it('skips block scalars and says nothing inside one or in a comment', () => {
    assert.deepEqual(context('a: |\n  b: 1\n  ‸\n').kind, 'none');
    const after = context('a: |\n  x: 1\n‸\n');
    assert.deepEqual(after.kind === 'key' && after.present, ['a']);
    assert.equal(context('a: 1 # コメント‸\n').kind, 'none');
  });

  it('reads a value after "key: " and marks a missing space', () => {
    const c = context('行:\n  - 実施状況: 実‸\n');
    assert.deepEqual(c.kind === 'value' && [c.path, c.typed, c.needsSpace], [['行', 0, '実施状況'], '実', false]);
    const tight = context('実施状況:‸\n');
    assert.deepEqual(tight.kind === 'value' && tight.needsSpace, true);
  });

  it('reads flow mappings and sequences: keys present on both sides, values by key or index', () => {
    const key = context('行:\n  - { 区名: 北区, ‸, 値: [1] }\n');
    assert.deepEqual(key.kind === 'key' && [key.path, key.present, key.flow], [['行', 0], ['区名', '値'], true]);
    const value = context('行:\n  - { 区名: 北区, 値: [1, ‸] }\n');
    assert.deepEqual(value.kind === 'value' && value.path, ['行', 0, '値', 1]);
    const list = context('列: [R4, ‸]\n');
    assert.deepEqual(list.kind === 'value' && list.path, ['列', 1]);
    assert.equal(context('列: [R4]‸\n').kind, 'none');
  });

  it('starts a nested value on a deeper line under a key', () => {
    const c = context('予算:\n  ‸\n');
    assert.deepEqual(c.kind === 'key' && [c.path, c.nested], [['予算'], true]);
    const nested = context('具体的取組:\n  - 予算:\n      ‸\n');
    assert.deepEqual(nested.kind === 'key' && [nested.path, nested.nested], [['具体的取組', 0, '予算'], true]);
  });

  it('is linear: a 20,000-line document answers at its end', () => {
    const text = `行:\n${'  - めざす姿: a\n    課題: b\n'.repeat(10000)}  - ‸\n`;
    const started = process.hrtime.bigint();
    const c = context(text);
    assert.deepEqual(c.kind === 'key' && c.path, ['行', 10000]);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});

describe('cursor context on hostile lines', () => {
  it('stays linear on a megabyte line of spaces, of text without a colon, and of digits', () => {
    for (const line of [`a${' '.repeat(1_000_000)}b`, `キー${'あ '.repeat(500_000)}`, `x: ${'1'.repeat(1_000_000)}`]) {
      const started = process.hrtime.bigint();
      context(`${line}\n‸\n`);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, `${line.slice(0, 10)}… took too long`);
    }
  });
});
