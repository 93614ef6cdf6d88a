import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { doc, marked, only, realService, summary } from '../helpers/service';

// Only this module's codes: other checks may report other things on the same documents.
const codes = new Set([
  'indicator/mark-mismatch',
  'indicator/lookalike-mark',
  'indicator/mark-not-in-legend',
  'indicator/missing-mark',
  'indicator/mark-without-value',
  'indicator/undeclared-scale',
  'indicator/missing-source',
]);
const mine = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => codes.has(String(d.code)));
const service = realService();
const check = (text: string) => mine(service.validate(doc(text)));
const codesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));

const legend002 = `凡例:
  "〇": 目標達成
  "－": 目標未達成
`;

/**
 * A 令和6年度 区運営方針 like sample 002 with one アウトカム指標 and one プロセス指標. `outcome` and
 * `process` replace the 実績 lists (indented as list items under 実績:).
 */
function plan(parts: { legend?: string; outcome?: string; process?: string; target?: string; comparator?: string; text?: string } = {}): string {
  return `様式: 区運営方針
区名: 阿倍野区
年度: 令和6年度
${parts.legend ?? legend002}経営課題:
  - 番号: 5
    名称: 区民から信頼される区役所づくり
    戦略:
      - 番号: "5-2"
        名称: 区民サービスのさらなる向上
        アウトカム指標:
          - 指標: 区役所の取組が進められていると感じると回答した割合：6年度までに70％以上
            目標値: 70
            単位: "%"
            比較: 以上
            目標年度: 6年度
            実績:
${
  parts.outcome ??
  `              - 年度: 令和４年度
                値: 62.1
                達成状況: "－"
                出典: 区民モニターアンケート
              - 年度: 令和６年度
                出典: 区民モニターアンケート`
}
        具体的取組:
          - 番号: "5-2-2"
            名称: 改革を推進する職員づくり
            プロセス指標:
              - 指標: ${parts.text ?? '仕事に対するモチベーションが向上したと感じている職員の割合80％以上'}
                目標値: ${parts.target ?? '80'}
                単位: "%"
                比較: ${parts.comparator ?? '以上'}
                実績:
${
  parts.process ??
  `                  - 年度: 令和4年度
                    値: 80.5
                    達成状況: "〇"
                  - 年度: 令和5年度
                    値: 80.2
                    達成状況: "〇"`
}
`;
}

/** One プロセス指標 result with a value and a mark (⟦ ⟧ allowed in `mark`). */
const processResult = (value: string, mark: string) => `                  - 年度: 令和5年度
                    値: ${value}
                    達成状況: ${mark}`;

describe('indicator marks (区運営方針)', () => {
  it('accepts marks that agree with their values (002 as transcribed)', () => {
    assert.deepEqual(summary(check(plan())), []);
  });

  it('flags 85％以上 paired with 80.5 〇 (the extraction pairing noted in domain.md)', () => {
    const { text, range } = marked(
      plan({
        target: '85',
        text: '応対が良いと感じたと回答した割合85％以上',
        process: `                  - 年度: 令和4年度
                    値: 80.5
                    達成状況: "⟦〇⟧"`,
      }),
    );
    const d = only(check(text), 'indicator/mark-mismatch');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.data, { expected: '－' });
  });

  it('flags 〇 on both results of 85％以上 with 80.5 and 80.2', () => {
    const diagnostics = check(plan({ target: '85' }));
    assert.deepEqual(codesOf(diagnostics), ['indicator/mark-mismatch', 'indicator/mark-mismatch']);
  });

  it('flags － on a value that meets its target, expecting 〇', () => {
    const { text, range } = marked(plan({ process: processResult('80', '"⟦－⟧"') }));
    const d = only(check(text), 'indicator/mark-mismatch');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '〇' });
  });

  it('applies each comparator: 以下 ≤, 未満 <, 超 >', () => {
    assert.deepEqual(codesOf(check(plan({ comparator: '以下', target: '3', process: processResult('3', '"〇"') }))), []);
    assert.deepEqual(codesOf(check(plan({ comparator: '以下', target: '3', process: processResult('4', '"〇"') }))), ['indicator/mark-mismatch']);
    assert.deepEqual(codesOf(check(plan({ comparator: '未満', target: '3', process: processResult('3', '"〇"') }))), ['indicator/mark-mismatch']);
    assert.deepEqual(codesOf(check(plan({ comparator: '未満', target: '3', process: processResult('2', '"〇"') }))), []);
    assert.deepEqual(codesOf(check(plan({ comparator: '超', target: '3', process: processResult('3', '"－"') }))), []);
    assert.deepEqual(codesOf(check(plan({ comparator: '超', target: '3', process: processResult('3.1', '"－"') }))), ['indicator/mark-mismatch']);
  });

  it('reads values and targets written as text: "80.5%", full-width digits', () => {
    assert.deepEqual(codesOf(check(plan({ target: '"８５％"', process: processResult('"80.5%"', '"〇"') }))), ['indicator/mark-mismatch']);
    assert.deepEqual(codesOf(check(plan({ target: '"８５％"', process: processResult('"８５．０％"', '"〇"') }))), []);
  });

  it('does not judge without a comparator or a numeric value', () => {
    assert.deepEqual(codesOf(check(plan({ comparator: '以内', target: '85' }))), []);
    assert.deepEqual(codesOf(check(plan({ process: processResult('集計中', '"〇"') }))), []);
  });
});

describe('indicator look-alike marks', () => {
  it('flags an ASCII "-" as a look-alike of － on the character, and nothing else when the value is below target', () => {
    const { text, range } = marked(plan({ process: processResult('63.9', '"⟦-⟧"') }));
    const diagnostics = check(text);
    assert.deepEqual(codesOf(diagnostics), ['indicator/lookalike-mark']);
    assert.deepEqual(diagnostics[0]!.range, range);
    assert.equal(diagnostics[0]!.severity, 2);
    assert.deepEqual(diagnostics[0]!.data, { replacement: '－' });
  });

  it('knows − U+2212, — U+2014, ‐ U+2010, ー U+30FC, ｰ U+FF70 for －', () => {
    for (const c of ['−', '—', '‐', 'ー', 'ｰ']) {
      const d = only(check(plan({ process: processResult('63.9', c) })), 'indicator/lookalike-mark');
      assert.deepEqual(d.data, { replacement: '－' }, c);
    }
  });

  it('knows ○ U+25CB, ◯ U+25EF, O for 〇', () => {
    for (const c of ['○', '◯', 'O']) {
      const d = only(check(plan({ process: processResult('80.5', c) })), 'indicator/lookalike-mark');
      assert.deepEqual(d.data, { replacement: '〇' }, c);
    }
  });

  it('judges a look-alike as the mark it stands for: "-" on a value that meets the target is also a mismatch', () => {
    const { text, range } = marked(plan({ process: processResult('81', '"⟦-⟧"') }));
    const diagnostics = check(text);
    assert.deepEqual(codesOf(diagnostics).sort(), ['indicator/lookalike-mark', 'indicator/mark-mismatch']);
    const mismatch = only(diagnostics, 'indicator/mark-mismatch');
    assert.deepEqual(mismatch.range, range);
    assert.deepEqual(mismatch.data, { expected: '〇' });
  });

  it('flags an unquoted look-alike on its character', () => {
    const { text, range } = marked(plan({ process: processResult('80.5', '⟦○⟧') }));
    assert.deepEqual(only(check(text), 'indicator/lookalike-mark').range, range);
  });

  it('uses the document’s own legend characters', () => {
    const legend = `凡例:\n  "○": 目標達成\n  "×": 目標未達成\n`;
    const outcome = `              - 年度: 令和４年度
                値: 62.1
                達成状況: "×"
                出典: 区民モニターアンケート`;
    assert.deepEqual(codesOf(check(plan({ legend, outcome, process: processResult('80.5', '"○"') }))), []);
    const lookalike = only(check(plan({ legend, outcome, process: processResult('80.5', '"〇"') })), 'indicator/lookalike-mark');
    assert.deepEqual(lookalike.data, { replacement: '○' });
    const mismatch = only(check(plan({ legend, outcome, process: processResult('80.5', '"×"') })), 'indicator/mark-mismatch');
    assert.deepEqual(mismatch.data, { expected: '○' });
  });
});

describe('indicator marks outside the legend, missing marks and values', () => {
  it('flags a mark that is neither in the legend nor a look-alike (and does not judge it)', () => {
    const { text, range } = marked(plan({ process: processResult('80.5', '"⟦×⟧"') }));
    const d = only(check(text), 'indicator/mark-not-in-legend');
    assert.deepEqual(d.range, range);
    assert.deepEqual(check(text).length, 1);
    assert.deepEqual(d.data, { allowed: ['〇', '－'] });
  });

  it('flags a value without a mark (on the value) when the document has a 凡例', () => {
    const { text, range } = marked(
      plan({
        process: `                  - 年度: 令和5年度
                    値: ⟦80.5⟧`,
      }),
    );
    assert.deepEqual(only(check(text), 'indicator/missing-mark').range, range);
  });

  it('flags a mark without a value (on the mark) when the document has a 凡例', () => {
    const { text, range } = marked(
      plan({
        process: `                  - 年度: 令和6年度
                    達成状況: "⟦〇⟧"`,
      }),
    );
    assert.deepEqual(only(check(text), 'indicator/mark-without-value').range, range);
  });

  it('treats a lone — without a value as an empty cell, and a result with only 出典 as fine', () => {
    const empty = `                  - 年度: 令和6年度
                    達成状況: "—"`;
    assert.deepEqual(codesOf(check(plan({ process: empty }))), []);
    assert.deepEqual(codesOf(check(plan())), []); // the 令和６年度 outcome result has only 出典
  });

  it('without a 凡例: no missing-mark / mark-without-value, but 〇/－ are still judged and ① is undeclared', () => {
    const noValue = `                  - 年度: 令和5年度
                    値: 80.5
                  - 年度: 令和6年度
                    達成状況: "〇"`;
    assert.deepEqual(codesOf(check(plan({ legend: '', process: noValue }))), []);
    assert.deepEqual(codesOf(check(plan({ legend: '', target: '85' }))), ['indicator/mark-mismatch', 'indicator/mark-mismatch']);
    assert.deepEqual(codesOf(check(plan({ legend: '', process: processResult('63.9', '"-"') }))), ['indicator/lookalike-mark']);
    const { text, range } = marked(plan({ legend: '', process: processResult('80.5', '"⟦①⟧"') }));
    assert.deepEqual(only(check(text), 'indicator/undeclared-scale').range, range);
  });

  it('accepts a one-line legend string', () => {
    const legend = '凡例: 〇：目標達成　－：目標未達成\n';
    assert.deepEqual(codesOf(check(plan({ legend }))), []);
    assert.deepEqual(codesOf(check(plan({ legend, process: processResult('80.5', '"×"') }))), ['indicator/mark-not-in-legend']);
  });
});

describe('indicator/missing-source', () => {
  it('flags an アウトカム指標 result with a value but no 出典, on the result’s first key', () => {
    const { text, range } = marked(
      plan({
        outcome: `              - ⟦年度⟧: 令和４年度
                値: 62.1
                達成状況: "－"`,
      }),
    );
    const d = only(check(text), 'indicator/missing-source');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { missingProperty: '出典' });
  });

  it('flags a blank 出典, not a result without a value, and not a プロセス指標', () => {
    const blank = `              - 年度: 令和４年度
                値: 62.1
                達成状況: "－"
                出典: ""`;
    assert.deepEqual(codesOf(check(plan({ outcome: blank }))), ['indicator/missing-source']);
    const noValue = `              - 年度: 令和６年度
                備考: 集計前`;
    assert.deepEqual(codesOf(check(plan({ outcome: noValue }))), []);
    assert.deepEqual(codesOf(check(plan())), []); // プロセス指標 results have no 出典 in 002
  });
});

/** A 市政改革プラン進捗 like sample 003; `scale` is the 達成状況の区分 block. */
function progress(parts: { scale?: string; first?: string; second?: string } = {}): string {
  return `様式: 市政改革プラン進捗
年度: 平成23年度
${parts.scale ?? ''}柱:
  番号: 2
  名称: 区役所・市役所力の強化
事項:
  - 番号: 2-③
    名称: 「区政会議」の設置など
    業績目標の達成状況: ${parts.first ?? '①'}
  - 番号: 2-④
    名称: 区役所への権限移譲など
    業績目標の達成状況: ${parts.second ?? '①'}
`;
}

describe('業績目標の達成状況 (市政改革プラン進捗)', () => {
  it('flags each ① when the document declares no 達成状況の区分 (003)', () => {
    const { text, range } = marked(progress({ first: '⟦①⟧' }));
    const diagnostics = check(text);
    assert.deepEqual(codesOf(diagnostics), ['indicator/undeclared-scale', 'indicator/undeclared-scale']);
    assert.deepEqual(diagnostics[0]!.range, range);
  });

  it('accepts marks of a declared 区分, keeping ① as ①', () => {
    const scale = '達成状況の区分:\n  "①": 達成\n  "②": 未達成\n';
    assert.deepEqual(codesOf(check(progress({ scale, second: '②' }))), []);
  });

  it('flags a look-alike (➀, 1) with the 区分 character as replacement, and a mark outside the 区分', () => {
    const scale = '達成状況の区分:\n  "①": 概ね順調\n  "②": 必ずしも順調ではない\n';
    const { text, range } = marked(progress({ scale, first: '⟦➀⟧', second: '"1"' }));
    const diagnostics = check(text);
    assert.deepEqual(codesOf(diagnostics), ['indicator/lookalike-mark', 'indicator/lookalike-mark']);
    assert.deepEqual(diagnostics[0]!.range, range);
    assert.deepEqual(diagnostics[0]!.data, { replacement: '①' });
    assert.deepEqual(diagnostics[1]!.data, { replacement: '①' });
    assert.deepEqual(codesOf(check(progress({ scale, first: '③' }))), ['indicator/mark-not-in-legend']);
  });
});

describe('indicator checks on half-typed documents', () => {
  it('does not throw on odd shapes', () => {
    const odd = [
      plan({ process: '                  - 値付き' }),
      plan({ process: '                  - 年度: 令和5年度\n                    値: [1, 2]\n                    達成状況: [〇]' }),
      plan({ legend: '凡例: [〇, －]\n' }),
      plan({ target: 'null', comparator: '[以上]' }),
      progress({ scale: '達成状況の区分: ①\n', first: '{a: 1}' }),
    ];
    for (const text of odd) {
      const diagnostics = service.validate(doc(text));
      assert.ok(!diagnostics.some((d) => d.code === 'sheet/check-failed'), JSON.stringify(summary(diagnostics)));
    }
  });
});

describe('indicator checks on the real samples', () => {
  const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');

  // Exact positions are pinned by samples/README.md (test/cli/samples.test.ts); here: what is marked.
  const marked = (name: string) => {
    const text = sample(name);
    const lines = text.split('\n');
    return check(text).map((d) => `${String(d.code)} ${lines[d.range.start.line]!.trim()}`);
  };

  it('002: only the six ASCII "-" marks, as look-alikes of －', () => {
    const diagnostics = check(sample('002-abeno-unei-hoshin-r6.sheet.yaml'));
    assert.deepEqual(marked('002-abeno-unei-hoshin-r6.sheet.yaml'), Array(6).fill('indicator/lookalike-mark 達成状況: "-"'));
    assert.ok(diagnostics.every((d) => (d.data as { replacement: string }).replacement === '－'));
  });

  it('003: ① twice without 達成状況の区分', () => {
    assert.deepEqual(marked('003-shisei-kaikaku-2-h23.sheet.yaml'), Array(2).fill('indicator/undeclared-scale 業績目標の達成状況: ①'));
  });

  it('000, 001, 004: nothing', () => {
    for (const name of ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml']) {
      assert.deepEqual(summary(check(sample(name))), [], name);
    }
  });
});
