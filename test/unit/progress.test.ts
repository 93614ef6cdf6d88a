import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLabel } from '../../server/src/service/checks/progress';
import { doc, marked, realService, summary } from '../helpers/service';

const service = realService();
const codes = (text: string) => summary(service.validate(doc(text)).filter((d) => d.code === 'id/label-sequence' || d.code === 'id/hierarchy'));

function progress(pillar: number, items: string): string {
  return `様式: 市政改革プラン進捗\n年度: 平成23年度\n柱:\n  番号: ${pillar}\n  名称: 区役所・市役所力の強化\n事項:\n${items}`;
}

describe('readLabel', () => {
  it('reads one- and two-level labels and refuses citations of several', () => {
    assert.deepEqual(readLabel('ア(イ)')?.map((p) => [p.family, p.index]), [
      ['kana', 0],
      ['(kana)', 1],
    ]);
    assert.deepEqual(readLabel('（ウ）')?.map((p) => [p.family, p.index]), [['(kana)', 2]]);
    assert.deepEqual(readLabel('③')?.map((p) => [p.family, p.index]), [['circled', 2]]);
    assert.equal(readLabel('ア・イ'), undefined);
    assert.equal(readLabel('ア(ア)・ア(イ)・イ'), undefined);
  });
});

describe('id/label-sequence and 事項 ids', () => {
  it('marks ア(イ) with no ア(ア), once', () => {
    const { text, range } = marked(progress(2, '  - 番号: 2-①\n    名称: x\n    成果目標: y\n    業績目標: z\n    主な取組:\n      - 記号: ⟦ア(イ)⟧\n        内容: a\n      - 記号: ア(ウ)\n        内容: b\n'));
    const found = service.validate(doc(text)).filter((d) => d.code === 'id/label-sequence');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.range, range);
    assert.deepEqual(found[0]!.data, { expected: 'ア(ア)' });
  });

  it('accepts ア(ア) ア(イ) イ ウ and citations in 評価', () => {
    assert.deepEqual(codes(progress(2, '  - 番号: 2-①\n    名称: x\n    成果目標: y\n    業績目標: z\n    取組内容:\n      - { 記号: ア(ア), 内容: a }\n      - { 記号: ア(イ), 内容: b }\n      - { 記号: イ, 内容: c }\n    評価:\n      - { 記号: ア・イ, 内容: d }\n      - { 記号: ア(イ), 内容: e }\n')), []);
  });

  it('marks a 事項 of another 柱 and a duplicate 事項', () => {
    const { text, range } = marked(progress(3, '  - 番号: ⟦2-②⟧\n    名称: x\n    成果目標: y\n    業績目標: z\n'));
    const d = service.validate(doc(text)).find((x) => x.code === 'id/hierarchy')!;
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '3-②' });
    const twice = marked(progress(3, '  - 番号: 3-①\n    名称: x\n    成果目標: y\n    業績目標: z\n  - 番号: ⟦３－①⟧\n    名称: x\n    成果目標: y\n    業績目標: z\n'));
    assert.deepEqual(service.validate(doc(twice.text)).filter((x) => x.code === 'id/hierarchy').map((x) => x.range), [twice.range]);
  });
});
