import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Hover, Range } from 'vscode-languageserver-types';
import { atCursor } from '../helpers/cursor';
import { policySheet, reviewSheet } from '../helpers/sheets';
import { realService } from '../helpers/service';

const root = resolve(__dirname, '../..');
const sample = (name: string) => readFileSync(resolve(root, 'samples', name), 'utf8');
const service = realService();

function hover(text: string): { hover: Hover | null; markdown: string; range: Range | undefined } {
  const { document, position } = atCursor(text);
  const result = service.hover(document, position);
  return { hover: result, markdown: result ? (result.contents as { value: string }).value : '', range: result?.range };
}
const line = (l: number, from: number, to: number): Range => ({ start: { line: l, character: from }, end: { line: l, character: to } });

const policy = (results: string, legend = '') => policySheet({ results, legend });

describe('hover: fields', () => {
  it('shows a key\'s Japanese title and description, on the key', () => {
    const { markdown, range } = hover(reviewSheet('              - めざ‸す姿: 毎年度開催\n'));
    assert.match(markdown, /^\*\*めざす姿 \(取組目標\)\*\*（めざす姿）\n\n取組目標。期限/);
    assert.deepEqual(range, line(11, 16, 20));
  });

  it('shows the list\'s meaning on a list item', () => {
    assert.match(hover(reviewSheet('              - めざす姿: a\n                課題:\n                  - 人手が‸足りない\n')).markdown, /^\*\*課題\*\*/);
  });

  it('says nothing in a comment or outside the sheet\'s data', () => {
    assert.equal(hover(reviewSheet('              # 令和6‸年度のコメント\n              - めざす姿: a\n')).hover, null);
  });
});

describe('hover: years and dates', () => {
  it('gives a fiscal year\'s other calendar and its span, on the year token', () => {
    const { markdown, range } = hover(policy('              - 年度: 令和‸6年度\n                値: 42.5\n'));
    assert.match(markdown, /令和6年度 = 2024年度：2024年4月1日〜2025年3月31日/);
    assert.deepEqual(range, line(16, 20, 25));
  });

  it('names FY2019 both ways, reads bare years in the document\'s era, and a 年度末 as its day', () => {
    assert.match(hover(policy('              - 年度: 令和元‸年度\n')).markdown, /平成31年度 = 令和元年度 = 2019年度：2019年4月1日〜2020年3月31日/);
    const bare = hover(policy('              - 年度: 5‸年度\n')).markdown;
    assert.match(bare, /元号は文書の年度から：令和/);
    assert.match(bare, /令和5年度 = 2023年度/);
    assert.match(hover('様式: 振り返りシート\n基準時点: 令和6年度‸末\n').markdown, /令和6年度末 = 2025年3月31日/);
  });

  it('finds a year inside a sentence and a budget column\'s year in its key', () => {
    const sentence = hover(reviewSheet('              - めざす姿: 全区で令和8年度‸末までに導入\n'));
    assert.match(sentence.markdown, /令和8年度 = 2026年度：2026年4月1日〜2027年3月31日/);
    assert.deepEqual(sentence.range, line(11, 25, 31));
    const budget = hover(sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('              4決算額: 5100000', '              4決‸算額: 5100000'));
    assert.match(budget.markdown, /決算額の年度：令和4年度 = 2022年度：2022年4月1日〜2023年3月31日/);
  });

  it('converts a 和暦 date with its weekday and fiscal year, and a time point like R6.12末', () => {
    const date = hover(sample('000-jinji-zaisei-bukai-254.sheet.yaml').replace(/日付: 令和/, '日付: 令‸和'));
    assert.match(date.markdown, /令和５年12月14日 = 2023年12月14日（木）/);
    assert.match(date.markdown, /令和5年度（2023年度：2023年4月1日〜2024年3月31日）の日付/);
    const point = hover(sample('001-furikaeri-r6.sheet.yaml').replace('件数は R6.12末', '件数は R6.1‸2末'));
    assert.match(point.markdown, /R6\.12末 = 2024年12月31日\n\n令和6年度（2024年度/);
  });

  it('converts a Western year to 和暦', () => {
    assert.match(hover(reviewSheet('              - めざす姿: 2024‸年度中に開始\n')).markdown, /令和6年度 = 2024年度：2024年4月1日〜2025年3月31日/);
  });
});

describe('hover: indicators', () => {
  it('lists target, each year\'s value and mark, and whether each mark agrees', () => {
    const text = policy(`              - 年度: 令和4年度
                値: 42.5
                達成状況: "-"
              - 年度: 令和5年度
                値: 72.0
                達成状況: "－"
              - 年度: 令和6年度
                値: 75
                達成状況: "〇‸"
`);
    const { markdown } = hover(text);
    assert.match(markdown, /\*\*アウトカム指標\*\*：割合\n/);
    assert.match(markdown, /目標：70% 以上（令和6年度まで）/);
    assert.match(markdown, /\| 令和4年度 \| 42\.5% \| - \| 「-」は「－」に似た別の文字。✓ 合っています（目標未達成） \|/);
    assert.match(markdown, /\| 令和5年度 \| 72% \| － \| ✗ 値からは「〇」（目標達成） \|/);
    assert.match(markdown, /\| 令和6年度 \| 75% \| 〇 \| ✓ 合っています（目標達成） \|/);
    assert.match(markdown, /凡例：〇：目標達成　－：目標未達成/);
  });

  it('reads marks through the document\'s own legend', () => {
    const { markdown } = hover(policy('              - 年度: 令和5年度\n                値: 80\n                達成状況: "◎‸"\n', '凡例: {"◎": 達成, "×": 未達成}\n'));
    assert.match(markdown, /\| 令和5年度 \| 80% \| ◎ \| ✓ 合っています（目標達成） \|/);
  });
});

describe('hover: 再掲 and amounts', () => {
  it('shows the item a 【再掲】 points to and the goal it repeats', () => {
    const { markdown } = hover(sample('001-furikaeri-r6.sheet.yaml').replace('再掲: 1 (2)', '再掲: 1 (‸2)'));
    assert.match(markdown, /\*\*【再掲】の元：1 \(2\) 区政運営におけるニア・イズ・ベターの追求\*\*/);
    assert.match(markdown, /元：➤ オンライン開催等、デジタルツールを最大限活用した区政会議の推進「Web会議方式による区政会議を令和5年度中に全区が開催」/);
    const dangling = hover(reviewSheet('              - めざす姿: a\n                再掲: 9 (‸9)\n')).markdown;
    assert.match(dangling, /【再掲】の元「9 \(9\)」はこの文書にありません/);
  });

  it('gives an amount in 千円 or 百万円 in 円: a value with its 単位, or written in a sentence', () => {
    const value = hover(sample('004-minato-unei-hoshin-h26.sheet.yaml').replace(/(金額: )(4900)/, '$1‸$2'));
    assert.match(value.markdown, /4,900千円 = 4,900,000円/);
    const sentence = hover(reviewSheet('              - めざす姿: 広告収入 ７，６８‸４千円 を確保\n'));
    assert.match(sentence.markdown, /７，６８４千円 = 7,684,000円/);
    assert.deepEqual(sentence.range, line(11, 27, 34));
    assert.match(hover(reviewSheet('              - めざす姿: 予算 1.5‸百万円\n')).markdown, /1\.5百万円 = 1,500,000円/);
    // 円 needs no conversion.
    assert.doesNotMatch(hover(sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('4決算額: 5100000', '4決算額: 51‸00000')).markdown, /円 =/);
  });
});

describe('hover on hostile lines', () => {
  it('stays linear on a megabyte line of digits and spaces', () => {
    for (const value of [`${'1'.repeat(1_000_000)}‸`, `令和${' '.repeat(500_000)}6‸${'1'.repeat(500_000)}`]) {
      const started = process.hrtime.bigint();
      hover(`様式: 振り返りシート\n基準時点: ${value}\n`);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 3000);
    }
  });
});
