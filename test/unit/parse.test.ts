import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScalar, parseDocument, visit } from 'yaml';
import { findDuplicateKeys, findExcessiveNesting, parseSheet } from '../../server/src/service/parse';
import { doc, marked, only, realService, summary } from '../helpers/service';

const minutesHead = '様式: 部会議事概要\n';

describe('parseSheet: syntax errors keep ranges', () => {
  it('reports a YAML syntax error mid-edit with a range on the offending token', () => {
    const service = realService();
    const d = service.validate(doc(`${minutesHead}回: 254\n部会名: [人事\n`));
    const syntax = d.filter((x) => x.code === 'yaml/syntax');
    assert.ok(syntax.length >= 1, JSON.stringify(summary(d)));
    assert.ok(syntax.every((x) => x.range.start.line >= 2), 'syntax error is not put on line 1');
  });

  it('reports a bare "-" used as a value as a syntax error', () => {
    const d = realService().validate(doc(`${minutesHead}公開区分: -\n`));
    assert.ok(d.some((x) => x.code === 'yaml/syntax' && x.range.start.line === 1), JSON.stringify(summary(d)));
  });

  it('reports a tab used as indentation on the tab itself', () => {
    const { text, range } = marked(`${minutesHead}日時:\n⟦\t⟧日付: 令和５年12月14日\n`);
    const d = only(realService().validate(doc(text)), 'yaml/tab-indentation');
    assert.deepEqual(d.range, range);
  });
});

describe('parseSheet: limits', () => {
  it('reports a duplicate key on the second key', () => {
    const { text, range } = marked(`${minutesHead}回: 254\n⟦回⟧: 255\n`);
    const d = only(realService().validate(doc(text)), 'yaml/duplicate-key');
    assert.deepEqual(d.range, range);
  });

  it('finds duplicate keys in linear time on a mapping with 20,000 keys', () => {
    const keys = Array.from({ length: 20000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const sheet = parseSheet(`${minutesHead}${keys}\nk5: dup\n`);
    const dups = sheet.problems.filter((p) => p.code === 'yaml/duplicate-key');
    assert.equal(dups.length, 1);
  });

  it('finds every duplicate key, mappings in source order, at any place a mapping can be (flow, in a sequence, as a key, under an alias)', () => {
    const text = [
      '様式: 部会議事概要',
      'a: {x: 1, x: 2, y: [ {p: 1, p: 2}, [ {q: 1, q: 1, q: 3} ] ]}',
      '? {k: 1, k: 2}',
      ': {v: 1, v: 2}',
      'b: &anchor',
      '  - c: 1',
      '    c: 2',
      '    d: {e: 1, e: 2}',
      '  - [z: 1, z: 2]',
      'f: *anchor',
      'a: again',
      '',
    ].join('\n');
    const yaml = parseDocument(text, { uniqueKeys: false });
    // The reference: yaml's own visitor, in the order it visits.
    const expected: [number, number, string][] = [];
    visit(yaml, {
      Map(_key, map) {
        const seen = new Set<string>();
        for (const { key } of map.items) {
          if (!isScalar(key)) continue;
          if (seen.has(String(key.value))) expected.push([key.range![0], key.range![1], String(key.value)]);
          seen.add(String(key.value));
        }
      },
    });
    const found = findDuplicateKeys(yaml).map((p) => [p.start, p.end, (p.data as { key: string }).key]);
    assert.equal(expected.length, 9, 'the sample has nine duplicates');
    assert.deepEqual(found, expected);
  });

  it('refuses a "billion laughs" alias bomb with a diagnostic instead of expanding it', () => {
    const lines = ['様式: 部会議事概要', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const d = realService().validate(doc(lines.join('\n') + '\n'));
    const alias = only(d, 'yaml/alias-limit');
    assert.equal(alias.range.start.line, 2, 'placed on the first alias');
  });

  it('rejects 1,000 nested [ before building the document, and the process survives a second parse', () => {
    const text = `${minutesHead}回: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
    for (let i = 0; i < 2; i++) {
      const d = realService().validate(doc(text));
      const deep = only(d, 'yaml/too-deep');
      assert.equal(deep.range.start.line, 1);
      // "回: " is 3 characters; the 64th bracket is the 65th level (the mapping is the first).
      assert.equal(deep.range.start.character, 3 + 63);
    }
  });

  it('rejects deep block nesting too', () => {
    const lines = ['様式: 部会議事概要'];
    for (let i = 0; i < 70; i++) lines.push(`${'  '.repeat(i)}k${i}:`);
    const d = realService().validate(doc(lines.join('\n') + '\n'));
    // Line n holds the n-th level (様式 and k0 share level 1), so line 65 is the 65th level.
    assert.equal(only(d, 'yaml/too-deep').range.start.line, 65);
  });

  it('accepts nesting at the limit and ignores brackets inside text and quotes', () => {
    assert.equal(findExcessiveNesting('a: 区[1]の[[[[ とか\nb: "[[[["\n', 2), undefined);
    assert.equal(findExcessiveNesting('a: [[1]]\n', 3), undefined);
    assert.notEqual(findExcessiveNesting('a: [[[1]]]\n', 3), undefined);
  });

  it('refuses a document over the size limit with a clear message on line 1', () => {
    const d = realService({ limits: { maxLength: 100 } }).validate(doc(`${minutesHead}${'x: y\n'.repeat(50)}`));
    assert.deepEqual(summary(d), ['sheet/too-large@0:0-0:10']);
  });

  it('parses as YAML 1.2: 9:30 stays a string, 0612 a decimal number', () => {
    const sheet = parseSheet('様式: 部会議事概要\na: 9:30\nb: 0612\nc: yes\n');
    assert.deepEqual(sheet.data, { 様式: '部会議事概要', a: '9:30', b: 612, c: 'yes' });
  });

  it('parses once per document version', () => {
    const service = realService();
    const d1 = doc(`${minutesHead}回: 1\n`, 'file:///same.sheet.yaml', 1);
    const first = service.getSheet(d1);
    assert.equal(service.getSheet(d1), first, 'same version: cached object');
    const d2 = doc(`${minutesHead}回: 2\n`, 'file:///same.sheet.yaml', 2);
    assert.notEqual(service.getSheet(d2), first, 'new version: parsed again');
  });
});
