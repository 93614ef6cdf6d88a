import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, marked, realService } from '../helpers/service';
import { reviewSheet } from '../helpers/sheets';

const service = realService();
const stated = (text: string) => service.validate(doc(text)).filter((d) => d.code === 'count/stated-average');

const wards = ['北区', '都島区', '福島区', '此花区', '中央区', '西区', '港区', '大正区', '天王寺区', '浪速区', '西淀川区', '淀川区', '東淀川区', '東成区', '生野区', '旭区', '城東区', '鶴見区', '阿倍野区', '住之江区', '住吉区', '東住吉区', '平野区', '西成区'];

/** A row whose 24-ward table has R4 = 40 + i/10 and R6 = 50 for ward i (R4 mean 41.15). */
function row(goal: string, extraRow = '', columns = 'R4, R6'): string {
  const table = wards.map((w, i) => `                    - { 区名: ${w}, 値: [${(40 + i / 10).toFixed(1)}, 50.0] }`).join('\n');
  return reviewSheet(`              - めざす姿: ${goal}\n                区別実績:\n                  項目: 割合\n                  単位: "%"\n                  列: [${columns}]\n                  行:\n${table}\n${extraRow}                実施状況: 実施中\n`);
}

describe('count/stated-average', () => {
  it('a stated R4 average that is not the simple mean: info, on the figure', () => {
    const { text, range } = marked(row('10ポイント以上増加（令和4年度全区平均 ⟦48.7%⟧）'));
    const found = stated(text);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.range, range);
    assert.equal(found[0]!.severity, 3);
  });

  it('accepts the simple mean rounded as written, and a figure of the table\'s own 平均 row', () => {
    assert.deepEqual(stated(row('10ポイント以上増加（令和4年度全区平均 41.2%）')), []);
    assert.deepEqual(stated(row('増加（R6 平均 50.0%）')), []);
    assert.deepEqual(stated(row('増加（令和4年度全区平均 48.7%）', '                    - { 区名: 全区平均, 値: [48.7, 50.0] }\n')), []);
  });

  it('reads a 西暦 year as its column (2022年度全区平均 is R4; metamorphic era → 西暦)', () => {
    const { text, range } = marked(row('10ポイント以上増加（2022年度全区平均 ⟦48.7%⟧）'));
    assert.deepEqual(stated(text).map((d) => d.range), [range]);
    assert.deepEqual(stated(row('10ポイント以上増加（２０２２年度全区平均 41.2%）')), []);
    assert.deepEqual(stated(row('増加（2020年度全区平均 48.7%）')), []);
  });

  it('reads a full-width era letter as its era (Ｈ３０ is 平成30, not a bare 30 of the sheet\'s era)', () => {
    const { text, range } = marked(row('増加（Ｈ３０全区平均 ⟦48.7%⟧）', '', 'H30, R6'));
    assert.deepEqual(stated(text).map((d) => d.range), [range]);
    assert.deepEqual(stated(row('増加（Ｈ３０全区平均 41.2%）', '', 'H30, R6')), []);
  });

  it('does not guess a column when the year is not one of the table\'s', () => {
    assert.deepEqual(stated(row('増加（令和2年度全区平均 48.7%）')), []);
  });
});
