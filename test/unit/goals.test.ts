import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fiscalYearEnd, fiscalYearOfTimePoint, isOpenEnded, readGoal, readGoals } from '../../server/src/service/domain/goals';

const due = (text: string) => readGoal(text).deadlines.map((d) => [d.label, d.due]);

describe('goals: deadlines', () => {
  it('reads 令和8年度末までに as the end of FY2026 (31 March 2027)', () => {
    assert.deepEqual(due('令和8年度末までに全区がBCPを策定'), [['令和8年度末', '2027-03-31']]);
  });

  it('reads 令和5年度中に as the end of FY2023', () => {
    const goal = readGoal('令和5年度中に区役所間相互応援システム全区ネットワークを完成');
    assert.deepEqual(goal.deadlines.map((d) => [d.text, d.index, d.fiscalYear, d.due]), [['令和5年度中に', 0, 2023, '2024-03-31']]);
  });

  it('reads 令和6年度に as the end of FY2024, the same day as a 令和6年度末 基準時点', () => {
    assert.deepEqual(due('令和6年度にこども家庭センターを設置'), [['令和6年度', '2025-03-31']]);
    assert.equal(fiscalYearEnd(2024), '2025-03-31');
  });

  it('reads 令和5年秋までに as the end of autumn 2023 (30 November), inside FY2023', () => {
    const [d] = readGoal('令和5年秋までに地域にとって使いやすい財政支援制度の方向性を定める').deadlines;
    assert.equal(d?.due, '2023-11-30');
    assert.equal(d?.fiscalYear, 2023);
    assert.equal(d?.text, '令和5年秋までに');
  });

  it('reads a month deadline and a winter deadline (which ends in February of the next year)', () => {
    assert.deepEqual(due('令和5年12月までに策定'), [['令和5年12月', '2023-12-31']]);
    assert.deepEqual(due('令和5年冬までに策定'), [['令和5年冬', '2024-02-29']]);
  });

  it('reads both deadlines of "令和5年度中に…取りまとめ、以降令和10年度まで…推進"', () => {
    assert.deepEqual(due('令和5年度中に基本方針を取りまとめ、以降令和10年度まで集約化実現に向けた取組を推進'), [
      ['令和5年度中', '2024-03-31'],
      ['令和10年度', '2029-03-31'],
    ]);
  });

  it('reads 令和8年度末目標 and 令和8年度末には as deadlines, and full-width digits with their offsets', () => {
    assert.deepEqual(due('毎年増加（令和8年度末目標 50%増）'), [['令和8年度末', '2027-03-31']]);
    assert.deepEqual(due('令和8年度末には全区がそれぞれ10ポイント以上増加'), [['令和8年度末', '2027-03-31']]);
    const [d] = readGoal('まず令和５年度中に').deadlines;
    assert.deepEqual([d?.index, d?.text, d?.fiscalYear], [2, '令和５年度中に', 2023]);
  });

  it('takes the document era for a bare 7年度 and reads 平成 years', () => {
    assert.deepEqual(due('7年度中に実施'), [['7年度中', '2026-03-31']]);
    assert.deepEqual(readGoal('8年度までに', '平成').deadlines[0]?.fiscalYear, 1996);
    assert.deepEqual(due('平成27年度末までに'), [['平成27年度末', '2016-03-31']]);
  });

  it('does not take 令和5年度から or 令和6年度以降 as deadlines: they are starts', () => {
    const goal = readGoal('令和5年度からスクールカウンセラーの計画的な増員');
    assert.deepEqual(goal.deadlines, []);
    assert.deepEqual(goal.starts.map((s) => [s.text, s.fiscalYear]), [['令和5年度から', 2023]]);
    assert.deepEqual(readGoal('令和6年度以降、全区が受診率を向上').starts.map((s) => s.text), ['令和6年度以降']);
  });

  it('does not take a base year (令和4年度全区平均) or 令和6年度における as deadlines', () => {
    assert.deepEqual(due('（令和4年度全区平均 48.7%）'), []);
    assert.deepEqual(due('令和6年度における取組'), []);
    // 西暦 is read whole (FY2024), never as a bare 24年度 (令和24年度)
    assert.deepEqual(due('2024年度中に'), [['2024年度中', '2025-03-31']]);
  });

  it('marks 毎年度 as recurring, with no deadline', () => {
    const goal = readGoal('毎年度、全区が交流会やラウンドテーブル等を開催');
    assert.deepEqual(goal.deadlines, []);
    assert.deepEqual(goal.recurring, { text: '毎年度', index: 0 });
    assert.equal(readGoal('令和5年度中に設置').recurring, undefined);
  });
});

describe('goals: open-ended goals', () => {
  it('is open-ended when recurring or started without a later deadline', () => {
    assert.equal(isOpenEnded(readGoal('毎年度、全区が最低1件の新たな連携')), true);
    assert.equal(isOpenEnded(readGoal('令和5年度から、スマート申請の段階的導入')), true);
    assert.equal(isOpenEnded(readGoal('令和5年度中に設置し、毎年度開催')), true);
  });

  it('is not open-ended when a deadline follows, or with no time at all', () => {
    assert.equal(isOpenEnded(readGoal('毎年増加（令和8年度末目標 50%増）')), false);
    assert.equal(isOpenEnded(readGoal('令和5年度中に完成')), false);
    assert.equal(isOpenEnded(readGoal('以下の取組を全区が実施')), false);
  });
});

describe('goals: quantities', () => {
  const kinds = (text: string) => readGoal(text).quantities.map((q) => ('count' in q ? `${q.kind}:${q.count}` : 'value' in q ? `${q.kind}:${q.value}` : q.kind));

  it('reads 全区 as 24 wards, but not 全区平均', () => {
    assert.deepEqual(kinds('令和6年度から小学生を対象とした放課後学習塾の全区実施'), ['all-wards:24']);
    assert.deepEqual(kinds('全24区で実施'), ['all-wards:24']);
    assert.deepEqual(kinds('（令和4年度全区平均 48.7%）'), []);
  });

  it('reads 全地域活動協議会, N%増, Nポイント以上増加 and N区', () => {
    assert.deepEqual(kinds('全地域活動協議会において令和8年度までに効果的に導入'), ['all-associations']);
    assert.deepEqual(kinds('毎年増加（令和8年度末目標 50%増）'), ['percent-increase:50']);
    assert.deepEqual(kinds('全区がそれぞれ10ポイント以上増加'), ['all-wards:24', 'point-increase:10']);
    assert.deepEqual(kinds('10区で実施'), ['wards:10']);
  });

  it('reads 倍増 and N倍に増加 as the same percentage increase (倍増 = 100%増, 1.5倍 = 50%増)', () => {
    assert.deepEqual(kinds('令和6年度末までに担い手を倍増'), ['percent-increase:100']);
    assert.deepEqual(kinds('利用者を1.5倍に増加'), ['percent-increase:50']);
    assert.deepEqual(kinds('求人倍率1.5倍'), []);
  });

  it('gives the position of each quantity in the text', () => {
    const [q] = readGoal('放課後学習塾の全区実施').quantities;
    assert.deepEqual([q?.text, q?.index], ['全区', 7]);
  });
});

describe('goals: lists and time points', () => {
  it('reads a list of goal lines, skipping what is not text', () => {
    const goals = readGoals(['令和7年度中に、全区でマイナンバーカード', 3, '【再掲】毎年度、窓口サービスの拡充']);
    assert.equal(goals.length, 2);
    assert.equal(goals[0]?.deadlines[0]?.fiscalYear, 2025);
    assert.ok(goals[1]?.recurring);
    assert.deepEqual(readGoals(undefined), []);
    assert.equal(readGoals('令和5年度中に').length, 1);
  });

  it('reads the fiscal year of 実績値 時点 forms', () => {
    assert.equal(fiscalYearOfTimePoint('令和6年度中'), 2024);
    assert.equal(fiscalYearOfTimePoint('令和6年度末時点'), 2024);
    assert.equal(fiscalYearOfTimePoint('R5年度実績'), 2023);
    assert.equal(fiscalYearOfTimePoint('R5'), 2023);
    assert.equal(fiscalYearOfTimePoint('R6.12末'), 2024);
    assert.equal(fiscalYearOfTimePoint('R7年4月25日現在'), 2025);
    assert.equal(fiscalYearOfTimePoint('令和7年3月'), 2024);
    assert.equal(fiscalYearOfTimePoint('平成30年度'), 2018);
    assert.equal(fiscalYearOfTimePoint('9月'), undefined);
  });
});
