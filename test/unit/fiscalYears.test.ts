import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { collectYears, documentYear, parseYearText } from '../../server/src/service/checks/fiscalYears';
import { findMonthMentions, fiscalYearSpan, parseClockTime, parsePointInTime } from '../../server/src/service/domain/dates';
import { doc, marked, only, realService, summary } from '../helpers/service';
import { policySheet as plan, reviewSheet } from '../helpers/sheets';

// Only this module's codes: other checks may report other things on the same documents.
const mine = (diagnostics: Diagnostic[]) => summary(diagnostics.filter((d) => String(d.code).startsWith('fiscal-year/')));
const service = realService();
const check = (text: string) => service.validate(doc(text));
const codesOf = (text: string) => mine(check(text)).map((s) => s.split('@')[0]);

/** A 振り返りシート (基準時点 `basis`) with one row whose 実績値 / 区別実績 are replaceable. */
function review(row: string, basis = '令和6年度末'): string {
  return reviewSheet(`              - めざす姿: 令和8年度末までに全区\n${row}`, basis);
}

/** A 平成26年度 概要版 区運営方針 whose 取組実績 is replaceable. */
function summaryPlan(activities: string): string {
  return `様式: 区運営方針
区名: 港区
年度: 平成26年度
経営課題:
  - 番号: 6
    名称: 自律した自治体型の区政運営
    戦略:
      - 番号: 1
        名称: 戦略
        具体的取組:
          - 番号: 1
            名称: 業務の専門性の向上
            予算額:
              金額: 277
              単位: 千円
            取組実績:
${activities}`;
}

describe('fiscal-year checks on the real samples', () => {
  const dir = resolve(__dirname, '../../samples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sheet.yaml'));

  it('finds the five samples', () => assert.equal(files.length, 5));

  it('reports only 001’s R7年4月25日現在 (after 基準時点 令和6年度末)', () => {
    // Exact positions are pinned by samples/README.md (test/cli/samples.test.ts); here: what is marked.
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(resolve(dir, file), 'utf8');
      const lines = text.split('\n');
      for (const d of check(text).filter((x) => String(x.code).startsWith('fiscal-year/'))) found.push(`${file.slice(0, 3)} ${String(d.code)} ${lines[d.range.start.line]!.trim()}`);
    }
    assert.deepEqual(found, ['001 fiscal-year/future-result 時点: R7年4月25日現在']);
  });

  it('a correct 令和6年度 plan (4決算額 5予算額 6予算額, results up to 令和6年度) has no finding', () => {
    assert.deepEqual(mine(check(plan())), []);
  });
});

describe('fiscal-year/invalid-era', () => {
  it('marks 令和0年度 as an error on the value', () => {
    const { text, range } = marked(plan({ target: '⟦令和0年度⟧' }));
    const d = only(check(text), 'fiscal-year/invalid-era');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
  });

  it('marks 令和1年度 and offers 令和元年度', () => {
    const { text, range } = marked(plan({ results: '              - 年度: ⟦令和1年度⟧\n                値: 40' }));
    const d = only(check(text), 'fiscal-year/invalid-era');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '令和元年度' });
  });

  it('offers 元年度 for a bare 1年度 (its era stays the document’s)', () => {
    const { text, range } = marked(plan({ yearly: '                  ⟦1年度⟧: 2回' }));
    const d = only(check(text), 'fiscal-year/invalid-era');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '元年度' });
  });

  it('marks 昭和64年度', () => {
    const { text, range } = marked(plan({ results: '              - 年度: ⟦昭和64年度⟧\n                値: 40' }));
    assert.deepEqual(only(check(text), 'fiscal-year/invalid-era').range, range);
  });

  it('marks a 主な取組 実績 key written 令和1年度 on the key', () => {
    const { text, range } = marked(plan({ yearly: '                  ⟦令和1年度⟧: 2回' }));
    assert.deepEqual(only(check(text), 'fiscal-year/invalid-era').range, range);
  });

  it('accepts R1 (abbreviations write 1) and 令和元年度', () => {
    assert.deepEqual(codesOf(plan({ results: '              - 年度: R1\n                値: 40\n              - 年度: 令和元年度\n                値: 41' })), []);
  });
});

describe('fiscal-year/mixed-era', () => {
  it('marks 平成32年度 (after 平成 ended) and offers 令和2年度', () => {
    const { text, range } = marked(plan({ results: '              - 年度: ⟦平成32年度⟧\n                値: 40' }));
    const d = only(check(text), 'fiscal-year/mixed-era');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '令和2年度' });
  });

  it('marks H32 in a 区別実績 列', () => {
    const { text, range } = marked(
      review(`                区別実績:
                  項目: 割合
                  単位: "%"
                  列: [R4, ⟦H32⟧]
                  行: []
`),
    );
    assert.deepEqual(only(check(text), 'fiscal-year/mixed-era').range, range);
  });

  it('accepts earlier 平成 years in a 令和 document (平成30年度 in 001)', () => {
    assert.deepEqual(codesOf(plan({ results: '              - 年度: 平成30年度\n                値: 40' })), []);
  });
});

describe('fiscal-year/same-year-two-names', () => {
  it('in a 令和 document marks only 平成31年度, with 令和元年度 as the fix', () => {
    const { text, range } = marked(plan({ results: '              - 年度: ⟦平成31年度⟧\n                値: 40\n              - 年度: 令和元年度\n                値: 41' }));
    const d = only(check(text), 'fiscal-year/same-year-two-names');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '令和元年度' });
  });

  it('one 平成31年度 among many correct 令和元年度 / 元年度 raises one finding', () => {
    const many = Array.from({ length: 14 }, () => '              - 年度: 令和元年度\n                値: 41').join('\n');
    const { text, range } = marked(plan({ results: `${many}\n              - 年度: ⟦平成31年度⟧\n                値: 40`, yearly: '                  元年度: 2回' }));
    assert.deepEqual(only(check(text), 'fiscal-year/same-year-two-names').range, range);
  });

  it('in a 平成 document marks 令和元年度 (bare 元年度 there reads as 平成元年度, another year)', () => {
    const { text, range } = marked(plan({ year: '平成31年度', target: '31年度', budget: '              29決算額: 1\n              30予算額: 2\n              31予算額: 3', results: '              - 年度: 平成31年度\n                値: 40\n              - 年度: ⟦令和元年度⟧\n                値: 41', yearly: '                  31年度: 2回' }));
    const d = only(check(text), 'fiscal-year/same-year-two-names');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '平成31年度' });
  });

  it('counts a bare 元年度 in a 令和 document as 令和元年度', () => {
    const { text, range } = marked(plan({ results: '              - 年度: ⟦平成31年度⟧\n                値: 40', yearly: '                  元年度: 2回' }));
    assert.deepEqual(only(check(text), 'fiscal-year/same-year-two-names').range, range);
  });

  it('accepts one name used twice', () => {
    assert.deepEqual(codesOf(plan({ results: '              - 年度: 令和元年度\n                値: 40', yearly: '                  元年度: 2回' })), []);
  });
});

describe('fiscal-year/future-result (区運営方針)', () => {
  it('marks an indicator result for a year after the plan year', () => {
    const { text, range } = marked(plan({ results: '              - 年度: 令和6年度\n                値: 40\n              - 年度: ⟦令和7年度⟧\n                値: 41' }));
    const d = only(check(text), 'fiscal-year/future-result');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 2);
  });

  it('marks a 主な取組 result key after the plan year, on the key', () => {
    const { text, range } = marked(plan({ yearly: '                  6年度: 2回\n                  ⟦7年度⟧: 3回' }));
    assert.deepEqual(only(check(text), 'fiscal-year/future-result').range, range);
  });

  it('does not treat 目標年度 after the plan year as a result', () => {
    assert.deepEqual(codesOf(plan({ target: '8年度' })), []);
  });
});

describe('fiscal-year/future-result (振り返りシート)', () => {
  const values = (point: string, item = '受診率') => `                実績値:
                  - 項目: ${item}
                    値: 21.2
                    単位: "%"
                    時点: ${point}
`;

  it('marks a 実績値 時点 after the 基準時点 (001: R7年4月25日現在)', () => {
    const { text, range } = marked(review(values('⟦R7年4月25日現在⟧')));
    assert.deepEqual(only(check(text), 'fiscal-year/future-result').range, range);
  });

  it('accepts 時点 up to the 基準時点 (R6.12末, 令和6年度末時点, R5年度, R7年3月31日現在)', () => {
    for (const point of ['R6.12末', '令和6年度末時点', 'R5年度', 'R7年3月31日現在', '令和6年度', '平成30年度', 'R5']) {
      assert.deepEqual(codesOf(review(values(point))), [], point);
    }
  });

  it('does not treat a planned figure (実施予定) as a result', () => {
    assert.deepEqual(codesOf(review(values('令和7年度', '放課後学習塾を令和7年度実施予定の区'))), []);
    assert.deepEqual(codesOf(review(values('令和7年度'))), ['fiscal-year/future-result']);
  });

  it('marks a 区別実績 column after the 基準時点', () => {
    const { text, range } = marked(
      review(`                区別実績:
                  項目: 割合
                  単位: "%"
                  列: [R4, ⟦R7⟧]
                  行: []
`),
    );
    assert.deepEqual(only(check(text), 'fiscal-year/future-result').range, range);
  });

  it('marks a 完了済み時点 after the 基準時点 but not an earlier one', () => {
    const { text, range } = marked(review('                完了済み時点: ⟦令和7年度末⟧\n'));
    assert.deepEqual(only(check(text), 'fiscal-year/future-result').range, range);
    assert.deepEqual(codesOf(review('                完了済み時点: 令和5年度末\n')), []);
  });
});

describe('fiscal-year/budget-not-closed and budget-columns', () => {
  it('marks 決算額 for the year before the plan year (not closed) on the key, once (not also as wrong columns)', () => {
    const { text, range } = marked(plan({ budget: '              4決算額: 1\n              ⟦5決算額⟧: 2\n              6予算額: 3' }));
    const diagnostics = check(text);
    assert.deepEqual(only(diagnostics, 'fiscal-year/budget-not-closed').range, range);
    assert.deepEqual(codesOf(text), ['fiscal-year/budget-not-closed']);
  });

  it('marks 決算額 for the plan year itself', () => {
    const { text, range } = marked(plan({ budget: '              ⟦6決算額⟧: 1' }));
    assert.deepEqual(only(check(text), 'fiscal-year/budget-not-closed').range, range);
  });

  it('marks columns that are not (N−2)決算額 (N−1)予算額 N予算額 on the 予算 key, with the expected keys', () => {
    const text = plan({ budget: '              3決算額: 1\n              5予算額: 2\n              6予算額: 3' });
    const { range } = marked(text.replace('            予算:', '            ⟦予算⟧:'));
    const d = only(check(text), 'fiscal-year/budget-columns');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: ['4決算額', '5予算額', '6予算額'] });
    assert.deepEqual(codesOf(text), ['fiscal-year/budget-columns']);
  });

  it('marks a missing column', () => {
    assert.deepEqual(codesOf(plan({ budget: '              4決算額: 1\n              6予算額: 3' })), ['fiscal-year/budget-columns']);
  });

  it('accepts the full forms 令和4年度決算額 … and "－" amounts', () => {
    assert.deepEqual(codesOf(plan({ budget: '              令和4年度決算額: "－"\n              令和5年度予算額: "－"\n              令和6年度予算額: "－"' })), []);
  });

  it('a column of a year outside the plan\'s three written 1 (1決算額 in a 令和5年度 plan) is one budget-columns, not also invalid-era (元決算額 would still be wrong); a right column written 1 is invalid-era', () => {
    const wrong = plan({ year: '令和5年度', target: '5年度', results: '              - 年度: 令和4年度', yearly: '                  4年度: 1回', budget: '              1決算額: 1\n              4予算額: 2\n              5予算額: 3' });
    assert.deepEqual(codesOf(wrong), ['fiscal-year/budget-columns']);
    const right = plan({ year: '令和3年度', target: '3年度', results: '              - 年度: 令和2年度', yearly: '                  2年度: 1回', budget: '              ⟦1決算額⟧: 1\n              2予算額: 2\n              3予算額: 3' });
    const { text, range } = marked(right);
    const d = only(check(text), 'fiscal-year/invalid-era');
    assert.deepEqual(d.range, range);
    assert.deepEqual(codesOf(text), ['fiscal-year/invalid-era']);
  });

  it('names years across eras in the expected keys (令和元年度 plan: 平成29決算額 …)', () => {
    const d = only(check(plan({ year: '令和元年度', target: '元年度', results: '              - 年度: 令和元年度', yearly: '                  元年度: 1回', budget: '              4決算額: 1' })), 'fiscal-year/budget-columns');
    assert.deepEqual(d.data, { expected: ['平成29決算額', '平成30予算額', '元予算額'] });
  });
});

describe('fiscal-year/date-outside-year (区運営方針 取組実績)', () => {
  it('marks an explicit year+month outside the plan’s fiscal year, on the date', () => {
    const { text, range } = marked(summaryPlan('              - 研修を実施した。（⟦平成27年4月⟧）'));
    const d = only(check(text), 'fiscal-year/date-outside-year');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 2);
  });

  it('marks a date before the fiscal year (平成26年3月 is FY2013)', () => {
    const { text, range } = marked(summaryPlan('              - ⟦平成26年3月⟧に説明会を開催'));
    assert.deepEqual(only(check(text), 'fiscal-year/date-outside-year').range, range);
  });

  it('accepts 004’s dates: month-only dates, 平成 27年３月 (March 2015 = FY2014), baselines (26年３月末現在)', () => {
    const activities = [
      '              - 新規採用者研修（4月 15日）',
      '              - 来庁者アンケート調査を実施。（2月4日～5日）',
      '              - 担当外ヘルパーの活用：1回（5月）',
      '              - "太陽光発電\\n平成 27年３月に設置工事が完了、稼働を開始。"',
      '              - 口座加入世帯が26年３月末現在6,782世帯から27年３月末現在6,877世帯に増加。',
      '              - 27年３月末の超過勤務手当決算見込で執行計画に対し約30％増となった。',
      '              - 予算編成過程の公表：26年度補正・27年度予算編成の過程を公表',
    ].join('\n');
    assert.deepEqual(codesOf(summaryPlan(activities)), []);
  });

  it('reads a bare year with the document’s era (28年1月 in a 平成26年度 plan)', () => {
    assert.deepEqual(codesOf(summaryPlan('              - 28年1月に開催')), ['fiscal-year/date-outside-year']);
  });
});

describe('fiscal-year checks: any data shape', () => {
  it('never throws on half-typed data', () => {
    const texts = [
      '様式: 区運営方針\n年度: 6\n経営課題: x\n',
      '様式: 区運営方針\n年度: 令和6年度\n経営課題:\n  - 戦略:\n      - 具体的取組:\n          - 予算: [4決算額]\n            主な取組: [{実績: 5年度}]\n            取組実績: {a: 1}\n',
      '様式: 振り返りシート\n基準時点: [令和6年度末]\n柱: {実績値: [{時点: 7}]}\n',
      '様式: 振り返りシート\n基準時点: 令和6年度末\n柱:\n  - 実績値: [1, {時点: null}, {時点: R9年13月}]\n    列: [1, null, R4]\n',
      '様式: 市政改革プラン進捗\n年度: 平成23年度\n',
    ];
    for (const text of texts) {
      const diagnostics = check(text);
      assert.ok(!diagnostics.some((d) => d.code === 'sheet/check-failed'), text);
    }
  });
});

describe('helpers: documentYear, collectYears, parseYearText', () => {
  it('reads the document year from 年度 or 基準時点', () => {
    assert.deepEqual(documentYear({ 年度: '平成26年度' }), { era: '平成', fiscalYear: 2014, basisEnd: '2015-03-31', label: '平成26年度' });
    assert.deepEqual(documentYear({ 基準時点: '令和6年度末' }), { era: '令和', fiscalYear: 2024, basisEnd: '2025-03-31', label: '令和6年度末' });
    assert.deepEqual(documentYear({}), { era: '令和' });
  });

  it('collects years from values, 実績 keys, 予算 keys and 列 items', () => {
    const years = collectYears({ 年度: '令和6年度', a: [{ 予算: { 単位: '円', '4決算額': 1 }, 実績: { '5年度': 'x' } }], b: { 列: ['R4', 'x'] } }, '令和');
    assert.deepEqual(
      years.map((y) => [y.path.join('/'), y.on, y.ref.fiscalYear, y.role]),
      [
        ['年度', 'value', 2024, 'other'],
        ['a/0/予算/4決算額', 'key', 2022, 'budget'],
        ['a/0/実績/5年度', 'key', 2023, 'result'],
        ['b/列/0', 'value', 2022, 'result'],
      ],
    );
  });

  it('parses year parts of budget keys and abbreviations with 年度末', () => {
    assert.equal(parseYearText('4', '令和')?.ref.fiscalYear, 2022);
    assert.equal(parseYearText('令和４', '令和')?.ref.fiscalYear, 2022);
    assert.equal(parseYearText('R6年度末', '令和')?.ref.fiscalYear, 2024);
    assert.equal(parseYearText('決算', '令和'), undefined);
  });
});

describe('dates.ts', () => {
  it('parsePointInTime reads 時点 as written in the samples', () => {
    assert.deepEqual(parsePointInTime('令和6年度末時点'), { start: '2025-03-31', end: '2025-03-31' });
    assert.deepEqual(parsePointInTime('R5年度実績'), fiscalYearSpan(2023));
    assert.deepEqual(parsePointInTime('R5'), fiscalYearSpan(2023));
    assert.deepEqual(parsePointInTime('R7年4月25日現在'), { start: '2025-04-25', end: '2025-04-25' });
    assert.deepEqual(parsePointInTime('R6.12末'), { start: '2024-12-31', end: '2024-12-31' });
    assert.deepEqual(parsePointInTime('26年３月末現在', '平成'), { start: '2014-03-31', end: '2014-03-31' });
    assert.deepEqual(parsePointInTime('令和7年2月'), { start: '2025-02-01', end: '2025-02-28' });
    assert.deepEqual(parsePointInTime('令和6年2月'), { start: '2024-02-01', end: '2024-02-29' });
    assert.equal(parsePointInTime('10月'), undefined);
    assert.equal(parsePointInTime('6'), undefined);
    assert.equal(parsePointInTime('R7年2月30日'), undefined);
    assert.equal(parsePointInTime('令和0年度'), undefined);
  });

  it('findMonthMentions finds explicit year+month only, with original text and offsets', () => {
    const text = '平成 27年３月に完了（4月 15日）、26年度補正、126年4月';
    const found = findMonthMentions(text, '平成');
    assert.deepEqual(
      found.map((m) => [m.text, m.year, m.month, text.slice(m.start, m.end)]),
      [['平成 27年３月', 2015, 3, '平成 27年３月']],
    );
  });

  it('parseClockTime reads h:mm with full-width digits', () => {
    assert.deepEqual(parseClockTime('９：３０'), { hours: 9, minutes: 30 });
    assert.deepEqual(parseClockTime('24:10'), { hours: 24, minutes: 10 });
    assert.equal(parseClockTime('930'), undefined);
  });
});
