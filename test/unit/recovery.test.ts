import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, marked, realService, summary } from '../helpers/service';

const service = realService();
const check = (text: string) => service.validate(doc(text));

/** A 令和6年度 区運営方針 with one outcome indicator whose results are replaceable. */
function plan(results: string, extra = ''): string {
  return `様式: 区運営方針
区名: 阿倍野区
年度: 令和6年度
凡例: { "〇": 目標達成, "－": 目標未達成 }
経営課題:
  - 番号: 5
    名称: 区民から信頼される区役所づくり
    戦略:
      - 番号: "5-1"
        名称: 区政情報の発信
        アウトカム指標:
          - 指標: 割合
            目標値: 70
            単位: "%"
            比較: 以上
            目標年度: 6年度
            実績:
${results}
        具体的取組:
          - 番号: "5-1-1"
            名称: 区民ニーズの把握
            予算:
              単位: 円
              4決算額: 1
              5予算額: 2
              6予算額: 3
${extra}`;
}

describe('findings on values invented by YAML error recovery', () => {
  it('a bare - as a mark gives only yaml/syntax (no schema/type, no missing mark)', () => {
    const { text, range } = marked(plan('              - 年度: 令和5年度\n                値: 52.5\n                達成状況: ⟦-⟧\n                出典: アンケート'));
    const diagnostics = check(text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['yaml/syntax']);
    assert.deepEqual(diagnostics[0]!.range.start, range.start);
  });

  it('keeps findings outside the broken mapping', () => {
    const text = plan('              - 年度: 令和5年度\n                値: 52.5\n                達成状況: -\n                出典: アンケート\n              - 年度: 令和6年度\n                値: 80\n                達成状況: "－"\n                出典: アンケート');
    assert.deepEqual(
      check(text).map((d) => d.code),
      ['yaml/syntax', 'indicator/mark-mismatch'],
    );
  });

  it('a syntax error at the top level silences only its own line', () => {
    const text = `${plan('              - 年度: 令和5年度\n                値: 52.5\n                達成状況: "〇"\n                出典: アンケート')}区名2: [\n`;
    const codes = check(text).map((d) => d.code);
    assert.ok(codes.includes('yaml/syntax'));
    assert.ok(codes.includes('indicator/mark-mismatch'), summary(check(text)).join(' '));
  });
});

describe('schema messages name the value written', () => {
  it('an SDGs goal 18 is named as 18 under SDGsゴール, not as the list index', () => {
    const { text, range } = marked(plan('              - 年度: 令和5年度\n                値: 72\n                達成状況: "〇"\n                出典: アンケート', '            SDGsゴール: [⟦18⟧, 2]\n'));
    const d = check(text).find((x) => x.code === 'schema/range')!;
    assert.deepEqual(d.range, range);
    assert.match(String(d.message), /SDGsゴール.*18/);
    assert.doesNotMatch(String(d.message), /「0」/);
  });

  it('a full-width amount ２，１５０ asks for a number, with the ASCII number as fix', () => {
    const text = plan('              - 年度: 令和5年度\n                値: 72\n                達成状況: "〇"\n                出典: アンケート').replace('5予算額: 2', '5予算額: ２，１５０');
    const found = check(text).filter((d) => String(d.code).startsWith('schema/'));
    assert.deepEqual(found.map((d) => d.code), ['schema/type']);
    assert.deepEqual((found[0]!.data as { replacement: string }).replacement, '2150');
  });
});
