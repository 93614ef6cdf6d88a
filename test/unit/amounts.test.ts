import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  compareDecimals,
  formatDecimal,
  halfUnit,
  isPercentUnit,
  parseWrittenNumber,
  percentage,
  readNumber,
  sumDecimals,
  withinTolerance,
} from '../../server/src/service/domain/numbers';
import { doc, marked, only, realService, summary } from '../helpers/service';

// Only this module's codes: other checks may report other things on the same documents.
const codes = new Set(['count/breakdown-sum', 'count/rate', 'count/percentage-range', 'count/wards-over-24']);
const mine = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => codes.has(String(d.code)));
const service = realService();
const check = (text: string) => mine(service.validate(doc(text)));
const codesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));
const dec = (text: string) => parseWrittenNumber(text)!.decimal;

describe('domain/numbers', () => {
  it('parses numbers as sheets write them', () => {
    assert.equal(parseWrittenNumber('7,684')?.value, 7684);
    assert.equal(parseWrittenNumber('４，９００')?.value, 4900);
    const rate = parseWrittenNumber('８０．５％')!;
    assert.deepEqual([rate.value, rate.decimals, rate.percent], [80.5, 1, true]);
    assert.equal(parseWrittenNumber('▲8.8')?.value, -8.8);
    assert.equal(parseWrittenNumber('△ 3')?.value, -3);
    assert.equal(parseWrittenNumber(' 48.3% ')?.value, 48.3);
    assert.equal(parseWrittenNumber('62.0')?.decimals, 1);
  });

  it('refuses what is not a number: － (no budget), prose, units, exponents, bad commas', () => {
    for (const text of ['－', '-', '', '約30', '30件', '1e3', '1,00', '7,6840', '.5']) assert.equal(parseWrittenNumber(text), undefined, text);
  });

  it('keeps the written decimals of a YAML number and ignores a source that disagrees', () => {
    assert.equal(readNumber(62, '62.0')?.decimals, 1);
    assert.equal(readNumber(62, '99')?.decimals, 0);
    assert.equal(readNumber(62, '99')?.value, 62);
    assert.equal(readNumber('48.3%')?.value, 48.3);
    assert.equal(readNumber(true), undefined);
    assert.equal(readNumber(Number.NaN), undefined);
    assert.equal(readNumber(1e-7)?.value, 1e-7);
  });

  it('sums exactly (0.1 + 0.2 = 0.3) and compares with a tolerance of half a unit', () => {
    assert.equal(compareDecimals(sumDecimals([dec('0.1'), dec('0.2')]), dec('0.3')), 0);
    assert.equal(formatDecimal(sumDecimals([dec('5627'), dec('145'), dec('810'), dec('648'), dec('454')]), true), '7,684');
    assert.ok(withinTolerance(dec('10.55'), dec('10.5'), halfUnit(1)));
    assert.ok(!withinTolerance(dec('10.56'), dec('10.5'), halfUnit(1)));
    assert.ok(!withinTolerance(dec('25'), dec('24'), halfUnit(0)));
  });

  it('computes a percentage rounded and truncated, exactly', () => {
    const jobs = percentage(dec('85'), dec('146'), 1)!;
    assert.equal(formatDecimal(jobs.rounded), '58.2');
    const twoThirds = percentage(dec('2'), dec('3'), 1)!;
    assert.deepEqual([formatDecimal(twoThirds.rounded), formatDecimal(twoThirds.truncated)], ['66.7', '66.6']);
    assert.equal(formatDecimal(percentage(dec('1'), dec('8'), 1)!.rounded), '12.5');
    assert.equal(formatDecimal(percentage(dec('1'), dec('8'), 0)!.rounded), '13'); // half up
    assert.equal(formatDecimal(percentage(dec('0.5'), dec('2'), 0)!.rounded), '25');
    assert.equal(percentage(dec('1'), dec('0'), 1), undefined);
  });

  it('knows the percent units', () => {
    assert.ok(isPercentUnit('%'));
    assert.ok(isPercentUnit('％'));
    assert.ok(!isPercentUnit('件'));
    assert.ok(!isPercentUnit(undefined));
  });
});

/** A 平成26年度 区運営方針 (概要版) like sample 004, with replaceable 実績額 / 実績値 lists. */
function summaryPlan(parts: { amounts?: string; values?: string } = {}): string {
  return `様式: 区運営方針
区名: 港区
年度: 平成26年度
経営課題:
  - 番号: 6
    名称: 安全・安心なまちづくり
    戦略:
      - 番号: 1
        名称: 防災力の向上
行財政:
  名称: ムダを徹底的に排除し、成果を意識した行財政運営に向けた主な取組
  取組:
    - 番号: 1
      名称: 歳入の確保
      実績額:
${
  parts.amounts ??
  `        - 項目: 広告収入
          金額: 7684
          単位: 千円
          内訳:
            - { 項目: 広報紙, 金額: 5627 }
            - { 項目: ホームページ, 金額: 145 }
            - { 項目: 周辺案内地図, 金額: 810 }
            - { 項目: 番号案内表示モニター, 金額: 648 }
            - { 項目: 庁舎壁面広告, 金額: 454 }`
}
      実績値:
${
  parts.values ??
  `        - 項目: 就職率
          値: 58.2
          単位: "%"
          分子: 85
          分母: 146`
}
`;
}

/** A 振り返りシート row with a replaceable 実績値 list. */
function review(values: string): string {
  return `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 4
    名称: 効果的・効率的な行政運営
    中項目:
      - 番号: 1
        名称: 区役所業務の改善
        取組項目:
          - 名称: 行政キオスク端末の導入
            行:
              - めざす姿: 令和6年度中に全区で行政キオスク端末を導入
                実績値:
${values}
                実施状況: 完了
`;
}

const kiosk = (whole: string, first: string, second: string) => `                  - 項目: 行政キオスク端末を導入した区
                    値: ${whole}
                    単位: 区
                    内訳:
                      - { 項目: 9月, 値: ${first} }
                      - { 項目: 2月, 値: ${second} }`;

describe('count/breakdown-sum', () => {
  it('accepts parts that add up (広告収入 7,684 = 5,627 + 145 + 810 + 648 + 454; 7 + 17 = 24 区)', () => {
    assert.deepEqual(summary(check(summaryPlan())), []);
    assert.deepEqual(summary(check(review(kiosk('24', '7', '17')))), []);
  });

  it('flags a 実績額 whose 内訳 do not add up, on the 金額, with the sum as expected', () => {
    const { text, range } = marked(
      summaryPlan({
        amounts: `        - 項目: 目的外使用料
          金額: ⟦5493⟧
          単位: 千円
          内訳:
            - { 項目: 区役所駐車場収入, 金額: 2929 }
            - { 項目: 自動販売機, 金額: 2523 }
            - { 項目: 無線LAN, 金額: 14 }`,
      }),
    );
    const d = only(check(text), 'count/breakdown-sum');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.data, { expected: '5466' });
  });

  it('flags a 実績値 whose 内訳 do not add up (9月 7区 + 2月 16区 ≠ 24区) in a 振り返りシート', () => {
    const { text, range } = marked(review(kiosk('⟦24⟧', '7', '16')));
    const d = only(check(text), 'count/breakdown-sum');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '23' });
  });

  it('allows half a unit of the whole’s last digit with decimals, no more', () => {
    const values = (whole: string, a: string, b: string) => `        - 項目: 面積
          値: ${whole}
          単位: ha
          内訳:
            - { 項目: 北, 値: ${a} }
            - { 項目: 南, 値: ${b} }`;
    assert.deepEqual(codesOf(check(summaryPlan({ values: values('10.5', '3.25', '7.3') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: values('10.5', '3.2', '7.2') }))), ['count/breakdown-sum']);
    assert.deepEqual(codesOf(check(summaryPlan({ values: values('0.3', '0.1', '0.2') }))), []);
  });

  it('reads amounts written as text (４，９００) and skips a whole of "－" or a part that is not a number', () => {
    const amounts = (whole: string, part: string) => `        - 項目: 予算
          金額: ${whole}
          単位: 千円
          内訳:
            - { 項目: A, 金額: ${part} }
            - { 項目: B, 金額: 900 }`;
    assert.deepEqual(codesOf(check(summaryPlan({ amounts: amounts('"４，９００"', '4000') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ amounts: amounts('"４，９００"', '3000') }))), ['count/breakdown-sum']);
    assert.deepEqual(codesOf(check(summaryPlan({ amounts: amounts('"－"', '3000') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ amounts: amounts('4900', '未定') }))), []);
  });
});

describe('count/rate', () => {
  const rate = (value: string, numerator: string, denominator: string, unit = '"%"') => `        - 項目: 就職率
          値: ${value}
          単位: ${unit}
          分子: ${numerator}
          分母: ${denominator}`;

  it('accepts 就職率 58.2 = 85 / 146, also to 0 decimals, and truncation (66.6 for 2/3)', () => {
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('58.2', '85', '146') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('58', '85', '146') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('66.6', '2', '3') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('66.7', '2', '3') }))), []);
  });

  it('flags a rate that is not 分子/分母 × 100 to its written decimals, on 値', () => {
    const { text, range } = marked(summaryPlan({ values: rate('⟦58.3⟧', '85', '146') }));
    const d = only(check(text), 'count/rate');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '58.2' });
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('58.20', '85', '146') }))), ['count/rate']); // 58.22
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('66.5', '2', '3') }))), ['count/rate']);
  });

  it('checks only % with both 分子 and 分母 (001: 323 地活協 of 326), and skips 分母 0', () => {
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('58.3', '85', '146', '件') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: rate('58.3', '85', '0') }))), []);
    const noNumerator = `        - 項目: 導入・継続できた地活協の数
          値: 323
          単位: 地活協
          分母: 326`;
    assert.deepEqual(codesOf(check(summaryPlan({ values: noNumerator }))), []);
  });
});

describe('count/percentage-range', () => {
  const percent = (item: string, value: string) => `        - 項目: ${item}
          値: ${value}
          単位: "%"`;

  it('flags a share above 100 or a negative share, on the value', () => {
    const { text, range } = marked(summaryPlan({ values: percent('情報を入手できていると感じている区民の割合', '⟦108⟧') }));
    const d = only(check(text), 'count/percentage-range');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 2);
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('就労定着率', '-5') }))), ['count/percentage-range']);
  });

  it('accepts changes: 執行額 ▲8.8％ (-8.8), 約130％増; flags only below −100 for them', () => {
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('庁舎管理経費の執行額（平成26年度予算に対し）', '-8.8') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('超過勤務手当決算見込（執行計画に対する増、約）', '130') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('経費の前年度比', '-120') }))), ['count/percentage-range']);
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('割合', '100') }))), []);
    assert.deepEqual(codesOf(check(summaryPlan({ values: percent('割合', '0') }))), []);
  });

  it('checks indicator results in %: a share indicator may not exceed 100 or be negative', () => {
    const plan = (value: string, indicatorText = '職員の割合80％以上') => `様式: 区運営方針
区名: 阿倍野区
年度: 令和6年度
経営課題:
  - 番号: 5
    名称: 課題
    戦略:
      - 番号: "5-2"
        名称: 戦略
        具体的取組:
          - 番号: "5-2-2"
            名称: 取組
            プロセス指標:
              - 指標: ${indicatorText}
                目標値: 80
                単位: "%"
                比較: 以上
                実績:
                  - 年度: 令和5年度
                    値: ${value}
                    達成状況: "〇"
`;
    const { text, range } = marked(plan('⟦180.2⟧'));
    assert.deepEqual(only(check(text), 'count/percentage-range').range, range);
    assert.deepEqual(codesOf(check(plan('-1'))), ['count/percentage-range']);
    assert.deepEqual(codesOf(check(plan('80.2'))), []);
    assert.deepEqual(codesOf(check(plan('150', '参加者が前年度から80％以上増加'))), []);
  });
});

describe('count/wards-over-24', () => {
  it('flags a ward count above 24 and a part above 24, each on its value', () => {
    const { text, range } = marked(review(kiosk('⟦25⟧', '7', '18')));
    const d = only(check(text), 'count/wards-over-24');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.data, { max: 24 });
    const part = marked(review(kiosk('30', '⟦27⟧', '3')));
    const diagnostics = check(part.text);
    assert.deepEqual(codesOf(diagnostics).sort(), ['count/wards-over-24', 'count/wards-over-24']);
    assert.ok(diagnostics.some((x) => JSON.stringify(x.range) === JSON.stringify(part.range)));
  });

  it('accepts 24 区 and counts in other units above 24', () => {
    assert.deepEqual(codesOf(check(review(kiosk('24', '12', '12')))), []);
    const other = `                  - 項目: 導入・継続できた地活協の数
                    値: 323
                    単位: 地活協`;
    assert.deepEqual(codesOf(check(review(other))), []);
  });
});

describe('count checks on half-typed documents', () => {
  it('does not throw on odd shapes', () => {
    const odd = [
      summaryPlan({ amounts: '        - 内訳: 3', values: '        - 値: [1]\n          内訳: [{ 値: x }]' }),
      summaryPlan({ amounts: '        - { 金額: 10, 内訳: [1, 2, { 金額: null }] }', values: '        - { 値: 10, 単位: "%", 分子: "a", 分母: {} }' }),
      review('                  - 単位: 区\n                    値: "２５区"'),
    ];
    for (const text of odd) {
      const diagnostics = service.validate(doc(text));
      assert.ok(!diagnostics.some((d) => d.code === 'sheet/check-failed'), JSON.stringify(summary(diagnostics)));
    }
  });
});

describe('count checks on the real samples', () => {
  it('report nothing on 000–004 (001: 7+17, 12+12, 6+233+37; 004: 7,684, 5,493, 58.2% = 85/146, ▲8.8%)', () => {
    for (const name of [
      '000-jinji-zaisei-bukai-254.sheet.yaml',
      '001-furikaeri-r6.sheet.yaml',
      '002-abeno-unei-hoshin-r6.sheet.yaml',
      '003-shisei-kaikaku-2-h23.sheet.yaml',
      '004-minato-unei-hoshin-h26.sheet.yaml',
    ]) {
      const text = readFileSync(resolve(__dirname, '../../samples', name), 'utf8');
      assert.deepEqual(summary(check(text)), [], name);
    }
  });
});
