import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholderTarget } from '../../server/src/service/checks/targets';
import { doc, marked, realService, summary } from '../helpers/service';
import { reviewSheet } from '../helpers/sheets';

const service = realService();
const mine = (text: string) => service.validate(doc(text)).filter((d) => d.code === 'target/placeholder');

describe('target/placeholder', () => {
  it('reads dashes of every look-alike, 未定 and （未定） as placeholders, and real goals not', () => {
    for (const t of ['—', '－', '-', '―', 'ー', '未定', '（未定）', ' － ', '検討中']) assert.ok(isPlaceholderTarget(t), t);
    for (const t of ['令和8年度末までに全区', '同 上', '全区で実施']) assert.ok(!isPlaceholderTarget(t), t);
  });

  it('marks a めざす姿 written 「－」 on the value', () => {
    const { text, range } = marked(reviewSheet('              - めざす姿: ⟦－⟧\n                実施状況: 実施中\n'));
    const found = mine(text);
    assert.deepEqual(summary(found).length, 1);
    assert.deepEqual(found[0]!.range, range);
  });

  it('marks one placeholder item of a list of goals', () => {
    const { text, range } = marked(reviewSheet('              - めざす姿:\n                  - 令和7年度中に全区で実施\n                  - ⟦"-"⟧\n                実施状況: 実施中\n'));
    assert.deepEqual(mine(text).map((d) => d.range), [range]);
  });

  it('leaves dashes in cells that are not targets (具体的取組: —, 課題: —)', () => {
    assert.deepEqual(mine(reviewSheet('              - めざす姿: 令和7年度中に全区で実施\n                具体的取組: —\n                課題: —\n                実施状況: 実施中\n')), []);
  });
});
